// The HTTP client of the transfer benchmarks, run in its own process (as curl or git-lfs would be):
// in a process that had itself pushed gigabytes, the same code read the hub and nginx alike at half
// the speed a fresh process reached, so the ratios depended on the client's history.
//   get URL [sha256]              GETs URL, counting (and optionally hashing) the bytes, discarding them
//   put URL FILE SIZE HEADERS     PUTs FILE (streamed from disk) with the JSON HEADERS
// Prints one JSON line: { status, bytes, ms, sha256?, cpuMs, body? }.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

const [, , mode, url, ...rest] = process.argv;
const started = performance.now();
const cpu0 = process.cpuUsage();

function finish(result) {
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ...result, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\n');
}

if (mode === 'get') {
  const hash = rest[0] === 'sha256' ? createHash('sha256') : null;
  http.get(url, { agent: false }, (res) => {
    let bytes = 0;
    res.on('data', (chunk) => {
      bytes += chunk.length;
      hash?.update(chunk);
    });
    res.on('end', () => finish({ status: res.statusCode, bytes, sha256: hash?.digest('hex') }));
  }).on('error', (err) => { console.error(err.message); process.exit(1); });
} else if (mode === 'put') {
  const [file, size, headers] = rest;
  const req = http.request(url, { method: 'PUT', agent: false, headers: { ...JSON.parse(headers), 'content-type': 'application/octet-stream', 'content-length': size } }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => (body += d));
    res.on('end', () => finish({ status: res.statusCode, bytes: Number(size), body: res.statusCode === 200 ? undefined : body }));
  });
  req.on('error', (err) => { console.error(err.message); process.exit(1); });
  fs.createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
} else {
  console.error('usage: transfer-client.mjs get URL [sha256] | put URL FILE SIZE HEADERS');
  process.exit(2);
}
