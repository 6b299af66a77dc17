// Interop client for the Go test TestNodeInterop: connects with the npm
// "ws" package, sends a text, a binary and a fragmented message, checks
// that each comes back (the server echoes), closes with 1000, and prints
// one JSON line describing what happened.
'use strict';
const WebSocket = require('ws');

const url = process.argv[2];
const ws = new WebSocket(url, ['chat.v1']);
const result = { protocol: '', echoes: [], closeCode: 0 };
const fail = (msg) => {
  console.log(JSON.stringify({ error: msg, ...result }));
  process.exit(1);
};
setTimeout(() => fail('timed out'), 10000).unref();

const expected = [
  { text: true, data: 'hello from node ✓' },
  { text: false, data: Buffer.from([0, 1, 2, 254, 255]) },
  { text: true, data: 'frag-one|frag-two|frag-three' },
];

ws.on('open', () => {
  result.protocol = ws.protocol;
  ws.send(expected[0].data);
  ws.send(expected[1].data, { binary: true });
  // One message in three frames: the first two with FIN unset.
  ws.send('frag-one|', { fin: false });
  ws.send('frag-two|', { fin: false });
  ws.send('frag-three', { fin: true });
});

ws.on('message', (data, isBinary) => {
  const want = expected[result.echoes.length];
  const got = isBinary ? data.toString('hex') : data.toString('utf8');
  const wantStr = want.text ? want.data : want.data.toString('hex');
  if (isBinary === want.text || got !== wantStr) {
    fail(`echo ${result.echoes.length}: got ${got} (binary ${isBinary})`);
  }
  result.echoes.push(got);
  if (result.echoes.length === expected.length) {
    ws.close(1000, 'done');
  }
});

ws.on('close', (code) => {
  result.closeCode = code;
  console.log(JSON.stringify(result));
  process.exit(0);
});

ws.on('error', (err) => fail(String(err)));
