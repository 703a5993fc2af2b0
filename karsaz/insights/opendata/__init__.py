"""The open-data portal: public facts as datasets of suppressed aggregates, their DCAT catalog,
CSV and JSON downloads (`/open/`) and the public API's reads (`insights/api/`)."""
