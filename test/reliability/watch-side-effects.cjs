// Preloaded into the server by the safety test: reports (on stderr, marked) any attempt to open a network
// connection, start a process, or write a file, without changing what the server does.
const marker = 'SIDE-EFFECT:';
// On a line of its own even when the server's last write to stderr ended mid-line (a log message without a newline).
const report = (what) => process.stderr.write(`\n${marker} ${what}\n`);
const net = require('node:net');
const http = require('node:http');
const https = require('node:https');
const dns = require('node:dns');
const childProcess = require('node:child_process');
const fs = require('node:fs');

const wrap = (object, name, describe) => {
  const original = object[name];
  object[name] = function (...args) {
    report(describe(args));
    return original.apply(this, args);
  };
};
// The LSP connection itself runs over stdin/stdout, which use neither of these.
wrap(net, 'connect', (a) => `net.connect ${JSON.stringify(a[0])}`);
wrap(net, 'createConnection', (a) => `net.createConnection ${JSON.stringify(a[0])}`);
wrap(net.Socket.prototype, 'connect', (a) => `socket.connect ${JSON.stringify(a[0])}`);
for (const module of [http, https]) {
  wrap(module, 'request', (a) => `http.request ${String(a[0])}`);
  wrap(module, 'get', (a) => `http.get ${String(a[0])}`);
}
wrap(dns, 'lookup', (a) => `dns.lookup ${a[0]}`);
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(childProcess, name, (a) => `child_process.${name} ${a[0]}`);
for (const name of ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'unlink', 'unlinkSync', 'rename', 'renameSync', 'mkdir', 'mkdirSync', 'rm', 'rmSync']) {
  wrap(fs, name, (a) => `fs.${name} ${String(a[0])}`);
}
wrap(fs.promises, 'writeFile', (a) => `fs.promises.writeFile ${String(a[0])}`);
