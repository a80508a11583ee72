-- wrk script for bench/soak.sh: a mix of S1, S2, S3 and S4 requests, plus a few pages of 200 runs
-- that the server streams through a cursor in a transaction (every one expects 200), with
-- the responses counted per wall-clock second and status, so the report can tell what happened
-- inside and outside the database outage.
--
--   wrk -t2 -c300 -d180s -s bench/lua/soak.lua http://127.0.0.1:18080 -- <jwt>

local STATUSES = { "pending", "started", "querying", "queued", "in_progress",
                   "success", "paused", "failed", "canceled" }
local token
local pool = {}
per_second = {}                       -- "epoch_second status" -> responses (read through thread:get)

local function add(sync_id, query)
  pool[#pool + 1] = wrk.format("GET", "/api/v1/syncs/" .. sync_id .. "/sync_runs?" .. query, {
    ["Authorization"] = "Bearer " .. token,
    ["Workspace-Id"] = tostring(sync_id % 10 + 1),
  })
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_no", #threads)
end

function init(args)
  token = args[1]
  assert(token and #token > 0, "script argument: the bearer token")
  for s = 1, 1000 do
    add(s, "page=1&per_page=10")                                      -- S1
    add(s, "page=1&per_page=10&status=" .. STATUSES[s % 9 + 1])       -- S2
  end
  for s = 1, 1000, 5 do add(s, "page=1&per_page=100") end             -- S3
  for p = 1, 1000, 5 do add(1001, "page=" .. p .. "&per_page=10") end -- S4
  for s = 1, 1000, 25 do add(s, "page=1&per_page=200") end           -- streamed, ~1.6 % of requests
  math.randomseed(2000 + (thread_no or 0))
end

function request()
  return pool[math.random(#pool)]
end

function response(status, headers, body)
  local key = os.time() .. " " .. status
  per_second[key] = (per_second[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for key, n in pairs(t:get("per_second") or {}) do total[key] = (total[key] or 0) + n end
  end
  local e = summary.errors
  io.write(string.format("SOAK summary requests=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d "
      .. "connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout))
  for key, n in pairs(total) do io.write("SOAK second " .. key .. " " .. n .. "\n") end
end
