-- wrk script for scripts/load-test.sh's write mix: half the requests create a site (POST /api/v1/sites, a new name each
-- time), half edit one of the sites made beforehand (PUT /api/v1/sites/{id}, its time zone flipped). Each wrk thread
-- edits only its own share of the sites, round robin, so no two requests in flight edit the same site (an edit without
-- If-Match that loses a race is a correct 412, not what this measures). The sites file has one "id,name" per line.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local mine = {}
local token = os.getenv("LOAD_TOKEN")
local run = os.getenv("LOAD_RUN") or "run"

function init(args)
  local total = tonumber(os.getenv("LOAD_THREADS") or "2")
  local index = 0
  for line in io.lines(os.getenv("LOAD_SITES")) do
    if index % total == tid - 1 then
      local id, name = line:match("^([^,]+),(.+)$")
      mine[#mine + 1] = { id = id, name = name }
    end
    index = index + 1
  end
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  if counter % 2 == 0 then
    local body = string.format('{"name":"Load %s %d-%d","time_zone":"UTC"}', run, tid, counter)
    return wrk.format("POST", "/api/v1/sites", nil, body)
  end
  local turn = math.floor(counter / 2)
  local site = mine[turn % #mine + 1]
  local zone = math.floor(turn / #mine) % 2 == 0 and "Asia/Manila" or "Europe/Paris"
  local body = string.format('{"name":"%s","time_zone":"%s"}', site.name, zone)
  return wrk.format("PUT", "/api/v1/sites/" .. site.id, nil, body)
end
