-- wrk script for the sync-runs bench: random paths with the matching Workspace-Id header, and a
-- count of every response status, gathered from all threads in done().
--
--   wrk -t2 -c64 -d15s -s bench/lua/sync_runs.lua http://127.0.0.1:18080 -- S1 <jwt> <targets dir>
--
-- Scenarios (the data is bench/sql/generate*.sql: sync s belongs to workspace (s % 10) + 1; the
-- targets directory holds what only the data knows, written by bench/lib/data.sh write_targets):
--   S1  page 1, per_page 10, random sync 1..1000               expects 200
--   S2  S1 with a random status filter                         expects 200
--   S3  page 1, per_page 100, random sync 1..1000              expects 200
--   S4  sync 1001 (1M runs), random page 1..1000, per_page 10  expects 200
--   S5  sync 1001, page 50000, per_page 10                     expects 200
--   S6  an unknown sync (ids past the data), random            expects 404
--   S7  sync 1001, page 1, per_page 1000                       expects 200
--   S8  one run: a random live run of a random sync (runs.txt) expects 200
--   S9  page 1 of 100 records of a random run that has 1,000 (record_runs.txt)  expects 200
--   WARMUP  mostly S1, with every other path mixed in          expects 200
-- Every request is built once in init(); request() only picks one (the cheap way, per wrk's docs).

local STATUSES = { "pending", "started", "querying", "queued", "in_progress",
                   "success", "paused", "failed", "canceled" }
local BIG_SYNC = 1001

local token, targets_dir
local pool = {}                       -- pre-built HTTP requests
counts = {}                           -- status code -> responses (global: read through thread:get)
shed = 0                              -- 503 carrying Retry-After: load shedding, not an error
samples = {}                          -- status code -> start of one body, for unexpected statuses
expected = 200

local function workspace_of(sync_id) return sync_id % 10 + 1 end

local function add_path(sync_id, path)
  pool[#pool + 1] = wrk.format("GET", "/api/v1/syncs/" .. sync_id .. path, {
    ["Authorization"] = "Bearer " .. token,
    ["Workspace-Id"] = tostring(workspace_of(sync_id)),
  })
end

local function add(sync_id, query) add_path(sync_id, "/sync_runs?" .. query) end

-- targets(name): the "sync_id run_id" pairs of one targets file, in file order.
local function targets(name)
  local path = targets_dir .. "/" .. name
  local file = assert(io.open(path, "r"), "missing " .. path .. " (bench/lib/data.sh write_targets)")
  local pairs_read = {}
  for line in file:lines() do
    local sync_id, run_id = line:match("^(%d+) (%d+)$")
    if sync_id then pairs_read[#pairs_read + 1] = { sync_id, run_id } end
  end
  file:close()
  assert(#pairs_read > 0, path .. " holds no targets")
  return pairs_read
end

local function add_runs(every)
  for n, t in ipairs(targets("runs.txt")) do
    if (n - 1) % every == 0 then add_path(t[1], "/sync_runs/" .. t[2]) end
  end
end

local function add_record_pages(every)
  for n, t in ipairs(targets("record_runs.txt")) do
    if (n - 1) % every == 0 then add_path(t[1], "/sync_runs/" .. t[2] .. "/sync_records?page=1&per_page=100") end
  end
end

local builders = {
  S1 = function() for s = 1, 1000 do add(s, "page=1&per_page=10") end end,
  S2 = function()
    for s = 1, 1000 do
      for _, st in ipairs(STATUSES) do add(s, "page=1&per_page=10&status=" .. st) end
    end
  end,
  S3 = function() for s = 1, 1000 do add(s, "page=1&per_page=100") end end,
  S4 = function() for p = 1, 1000 do add(BIG_SYNC, "page=" .. p .. "&per_page=10") end end,
  S5 = function() add(BIG_SYNC, "page=50000&per_page=10") end,
  S6 = function()
    expected = 404
    for s = 2000001, 2001000 do add(s, "page=1&per_page=10") end
  end,
  S7 = function() add(BIG_SYNC, "page=1&per_page=1000") end,
  S8 = function() add_runs(1) end,
  S9 = function() add_record_pages(1) end,
}
-- Every kind of request the scenarios send, so that each scenario is measured with its code paths
-- already JIT-compiled (without them, S5's first seconds compiled its deep-page path). Of the 1,425
-- requests to pick from: 1,000 S1; 100 with a status filter; 100 pages of 100 runs; 50 S4 pages and
-- 20 deep pages (the remembered-position path, at offsets away from S5's) of the 1M-run sync, kept
-- few because its counts cost tens of ms of database time each; 2 streamed pages of 200 runs;
-- 128 single runs (every 80th of runs.txt); 25 pages of records (every 4th of record_runs.txt).
-- No unknown syncs: the warm-up expects 200 throughout.
builders.WARMUP = function()
  builders.S1()
  for p = 1, 50 do add(BIG_SYNC, "page=" .. (p * 20) .. "&per_page=10") end
  for s = 1, 100 do add(s, "page=1&per_page=10&status=" .. STATUSES[s % #STATUSES + 1]) end
  for s = 1, 100 do add(s, "page=1&per_page=100") end
  for p = 1, 20 do add(BIG_SYNC, "page=" .. (2000 + p * 10) .. "&per_page=10") end
  for s = 1, 2 do add(s, "page=1&per_page=200") end
  add_runs(80)
  add_record_pages(4)
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_no", #threads)
end

function init(args)
  local scenario = args[1]
  token = args[2]
  targets_dir = args[3]
  assert(scenario and builders[scenario], "first script argument: one of S1..S9, WARMUP")
  assert(token and #token > 0, "second script argument: the bearer token")
  assert(targets_dir and #targets_dir > 0, "third script argument: the targets directory")
  builders[scenario]()
  math.randomseed(1000 + (thread_no or 0))     -- fixed seeds: every run sends the same sequence
end

function request()
  return pool[math.random(#pool)]
end

local function has_retry_after(headers)
  for name, _ in pairs(headers) do
    if string.lower(name) == "retry-after" then return true end
  end
  return false
end

function response(status, headers, body)
  if status == 503 and has_retry_after(headers) then
    shed = shed + 1
    return
  end
  counts[status] = (counts[status] or 0) + 1
  if status ~= expected and samples[status] == nil then
    samples[status] = string.sub(body or "", 1, 300)
  end
end

-- One machine-readable line per fact, prefixed BENCH, parsed by bench/lib/load.sh.
function done(summary, latency, requests)
  local total, shed_all, exp = {}, 0, 200
  local sample_of = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("counts") or {}) do total[code] = (total[code] or 0) + n end
    for code, body in pairs(t:get("samples") or {}) do sample_of[code] = body end
    shed_all = shed_all + (t:get("shed") or 0)
    exp = t:get("expected") or exp
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH summary requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d "
      .. "expected=%d shed=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max,
    exp, shed_all, e.connect, e.read, e.write, e.timeout))
  for code, n in pairs(total) do io.write(string.format("BENCH status %d %d\n", code, n)) end
  for code, body in pairs(sample_of) do
    io.write(string.format("BENCH sample %d %s\n", code, (body:gsub("[\r\n\t]", " "))))
  end
end
