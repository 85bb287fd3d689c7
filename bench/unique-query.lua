-- wrk script for bench/pages.sh under load: every request carries a query parameter no other request had (thread
-- number and count), so the signed-in output cache never answers and each response is rendered.
-- With BENCH_PAGES set (paths separated by spaces) the requests go round those pages instead of wrk's one URL: the
-- warm-up before the measured runs, so that every page's code is compiled as a long-running server's is.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PAGES") or "", "%S+") do
  paths[#paths + 1] = path
end

local count = 0
function request()
  count = count + 1
  local path = #paths > 0 and paths[count % #paths + 1] or wrk.path
  local sep = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, path .. sep .. "bench=" .. id .. "-" .. count)
end
