// A lean load generator for HEAD requests, run in its own process so that its work does not share
// the event loop being measured. `connections` keep-alive sockets are opened first; then either
//   burst:    every socket sends one HEAD at the same moment, all answers are awaited, repeated
//             `amount` times (the "N concurrent requests" of the targets), or
//   sustained: each socket sends its next HEAD as soon as the previous answer arrived, for
//             `amount` seconds (a closed loop: the latency under full load).
// A HEAD answer has no body, so an answer ends at its blank line. Prints one JSON line: every
// latency in ms, and the status codes seen.
import net from 'node:net';

const [, , mode, target, connectionsArg, amountArg, ...paths] = process.argv;
const url = new URL(target);
const connections = Number(connectionsArg);
const amount = Number(amountArg);
const latencies = [];
const statuses = {};
let sent = 0;

function open() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.once('error', reject);
  });
}

/** Sends one HEAD on `socket`; resolves with its latency once the answer's headers are in. */
function head(socket) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const started = performance.now();
    const onData = (chunk) => {
      buffered += chunk;
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      if (end + 4 !== buffered.length) return reject(new Error('unexpected bytes after a HEAD answer'));
      socket.off('data', onData);
      const status = buffered.slice(9, 12);
      statuses[status] = (statuses[status] ?? 0) + 1;
      resolve(performance.now() - started);
    };
    socket.on('data', onData);
    socket.write(`HEAD ${paths[sent++ % paths.length]} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: head-load\r\n\r\n`);
  });
}

const sockets = await Promise.all(Array.from({ length: connections }, open));
// One warm-up request per socket, not recorded.
await Promise.all(sockets.map(head));
for (const k of Object.keys(statuses)) delete statuses[k];
if (mode === 'burst') {
  for (let round = 0; round < amount; round++) latencies.push(...(await Promise.all(sockets.map(head))));
} else {
  const until = performance.now() + amount * 1000;
  await Promise.all(sockets.map(async (socket) => {
    while (performance.now() < until) latencies.push(await head(socket));
  }));
}
for (const socket of sockets) socket.end();
process.stdout.write(JSON.stringify({ latencies, statuses }) + '\n');
