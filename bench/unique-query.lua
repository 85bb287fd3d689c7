-- wrk script for bench/pages.sh under load: every request carries a query parameter no other request had (thread
-- number and count), so the signed-in output cache never answers and each response is rendered.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local count = 0
function request()
  count = count + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "bench=" .. id .. "-" .. count)
end
