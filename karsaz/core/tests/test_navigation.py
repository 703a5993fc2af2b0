from karsaz.core.navigation import NavItem, nav_sections


def test_one_header_entry_per_module_and_tabs_for_the_current_one() -> None:
    items = [
        NavItem(label="Needs", url_name="technology:need_list", order=20),
        NavItem(label="Capabilities", url_name="technology:capability_list", order=21),
        NavItem(label="Enterprises", url_name="registry:enterprise_list", order=10),
    ]
    top, tabs = nav_sections(items, "technology")
    assert [i.label for i in top] == ["Needs", "Enterprises"]
    assert [i.label for i in tabs] == ["Needs", "Capabilities"]
    assert nav_sections(items, "registry")[1] == []  # a lone page needs no tabs
