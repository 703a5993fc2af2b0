-- wrk's script for bench/web.py: signed-in requests of one page, every response that is not a
-- 200 counted (wrk itself counts only 4xx/5xx, and a lost session is a 302 to the sign-in).
-- KARSAZ_COOKIES: session cookies separated by "|", taken in turn request by request (several
-- users, as the API's per-user throttle expects of 32 connections); KARSAZ_HX=1 asks for the
-- htmx fragment (the HX-Request header).
local cookies = {}
for cookie in string.gmatch(os.getenv("KARSAZ_COOKIES") or "", "[^|]+") do
  table.insert(cookies, cookie)
end
wrk.headers["Accept-Language"] = "fa"
if os.getenv("KARSAZ_HX") == "1" then
  wrk.headers["HX-Request"] = "true"
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  statuses = ""
  turn = id
end

function request()
  turn = turn + 1
  wrk.headers["Cookie"] = cookies[(turn % #cookies) + 1]
  return wrk.format()
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if #statuses < 200 then
      statuses = statuses .. status .. " "
    end
  end
end

function done(summary, latency, requests)
  local not_ok, seen = 0, ""
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("bad")
    seen = seen .. thread:get("statuses")
  end
  local e = summary.errors
  io.write(string.format(
    'KARSAZ {"requests": %d, "duration_us": %d, "not_200": %d, "statuses": "%s", '
      .. '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, not_ok, seen,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
