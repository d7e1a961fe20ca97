'use strict';
// Debian's Redis (and PostgreSQL) for queue mode, started by this run on
// 127.0.0.1 with their own ports and data folders, and stopped by pid.
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { run, startProcess } = require('./proc');
const { freePort } = require('./n8n');

// apt-get only as root, and only for what is missing: a developer's machine is not touched.
async function ensureDebianPackage(binary, pkg) {
  if (fs.existsSync(binary)) return false;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`${binary} is missing: install Debian's ${pkg} (apt-get install -y ${pkg})`);
  }
  await run('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
    quiet: true, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return true;
}

function waitForPort(port, timeoutMs = 20e3) {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(Date.now() - t0); });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - t0 > timeoutMs) reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs / 1000} s`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

// No persistence: the queue lives as long as the run.
async function startRedis(dir) {
  const installed = await ensureDebianPackage('/usr/bin/redis-server', 'redis-server');
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const proc = startProcess('/usr/bin/redis-server', [
    '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no',
    '--dir', dir, '--protected-mode', 'yes', '--daemonize', 'no',
  ], { cwd: dir, logFile: path.join(dir, 'redis.log') });
  await waitForPort(port);
  const version = (await run('/usr/bin/redis-server', ['--version'], { quiet: true })).stdout.trim().split(' ')[2];
  return { port, version, installed, stop: () => proc.stop(), pid: proc.pid };
}

module.exports = { ensureDebianPackage, startRedis, waitForPort };
