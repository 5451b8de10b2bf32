-- wrk script for bench/load.py: replays the requests listed in the file given
-- after "--" (one a line: method, path, cookie, CSRF token, ETag; tab-separated)
-- in random order, counts the answers by status, and prints one JSON line.

local requests = {}
local threads = {}
statuses = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local method, path, cookie, csrf, etag =
      line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    local headers = {}
    if cookie ~= "" then headers["Cookie"] = cookie end
    if csrf ~= "" then headers["X-CSRFToken"] = csrf end
    if etag ~= "" then headers["If-None-Match"] = etag end
    table.insert(requests, wrk.format(method, path, headers))
  end
  math.randomseed(tonumber(args[2] or "2026"))
end

function request()
  return requests[math.random(#requests)]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total, codes = {}, {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + count
    end
  end
  for code, count in pairs(total) do
    table.insert(codes, string.format('"%d": %d', code, count))
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(codes, ", ")))
end
