-- Printed by wrk when a run ends: one JSON line the bench parses (bench/wrk.ts, parseWrkReport).
-- os.clock() is the CPU time wrk itself used (user + system), for the client CPU column.
done = function(summary, latency, requests)
  io.write(string.format(
    '\n{"requests":%d,"durationUs":%d,"bytes":%d,"non2xx":%d,"timeouts":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"cpuSeconds":%.3f}\n',
    summary.requests, summary.duration, summary.bytes,
    summary.errors.status, summary.errors.timeout, summary.errors.connect, summary.errors.read, summary.errors.write,
    latency:percentile(50), latency:percentile(99), latency.max, os.clock()))
end
