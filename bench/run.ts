/**
 * `pnpm bench`: measures Kaiku on this machine and prints the figures. Loopback only, bounded in time
 * (about two minutes). Configurations take turns inside one run, because these machines drift: the ratios
 * within the run are what count.
 */
import { loadavg } from 'node:os';
import { benchBare, benchKaiku } from './lib/intake.js';
import type { IntakeFigures } from './lib/intake.js';
import { benchDelivery } from './lib/delivery.js';
import { benchSend } from './lib/send.js';
import { proxyBundle } from './lib/spawn.js';
import { benchFuzz } from './lib/fuzz.js';
import { benchStorage } from './lib/storage.js';
import { benchUnsigned } from './lib/unsigned.js';
import { benchClaimTime, benchDeadSubscriber } from './lib/faults.js';
import { benchN8n } from './lib/n8n.js';

const CONNECTIONS = 50;
const SECONDS = 5;
const ROUNDS = 2;

function row(f: Omit<IntakeFigures, 'cpuPerRequestMs'>): string {
  return `  ${f.name.padEnd(24)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   non-2xx ${f.non2xx}   errors ${f.errors}   peak RSS ${f.peakRssMb.toFixed(0)} MB`;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

async function intake(): Promise<number> {
  console.log(`Webhook intake: signed ~1 KB POSTs, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds taking turns`);
  const runs: Record<string, IntakeFigures[]> = { bare: [], sqlite: [], postgres: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of ['bare', 'sqlite', 'postgres'] as const) {
      const figures = name === 'bare' ? await benchBare(CONNECTIONS, SECONDS) : await benchKaiku(name, CONNECTIONS, SECONDS);
      runs[name]?.push(figures);
      console.log(row(figures));
    }
  }
  const bareRps = mean((runs.bare ?? []).map((f) => f.rps));
  let peak = 0;
  console.log('  summary (mean of the rounds; target ≥ 0.7× bare, p99 ≤ 50 ms):');
  for (const name of ['sqlite', 'postgres'] as const) {
    const list = runs[name] ?? [];
    const rps = mean(list.map((f) => f.rps));
    peak = Math.max(peak, ...list.map((f) => f.peakRssMb));
    console.log(`    Kaiku ${name.padEnd(8)} ${rps.toFixed(0)} req/s = ${(rps / bareRps).toFixed(2)}× bare (${bareRps.toFixed(0)} req/s), p99 ${mean(list.map((f) => f.p99)).toFixed(0)} ms`);
  }
  return peak;
}

/**
 * The intake with new messages, without and with 20 active automations (two of which fire per message), taking
 * turns; `pnpm bench automations --rounds=N` runs this part alone with more rounds (a busy machine needs them).
 */
async function intakeWithAutomations(): Promise<number> {
  const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? ROUNDS);
  console.log(`\nWebhook intake with automations: every POST a new message, ${CONNECTIONS} connections, ${SECONDS} s per run, ${rounds} rounds taking turns`);
  let peak = 0;
  for (const kind of ['sqlite', 'postgres'] as const) {
    const runs: Record<number, IntakeFigures[]> = { 0: [], 20: [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const rules of [0, 20]) {
        const f = await benchKaiku(kind, CONNECTIONS, SECONDS, { rules });
        runs[rules]?.push(f);
        peak = Math.max(peak, f.peakRssMb);
        const drain = f.drain === undefined ? '' : `   then the runner: ${f.drain.waiting} waiting${f.drain.unapplied ? ' (and receipts not yet applied)' : ''}, all done in ${f.drain.seconds.toFixed(1)} s`;
        console.log(`${row(f)}${drain}`);
      }
    }
    const rps = (rules: number) => mean((runs[rules] ?? []).map((f) => f.rps));
    const p99 = (rules: number) => mean((runs[rules] ?? []).map((f) => f.p99)).toFixed(0);
    const drains = (runs[20] ?? []).flatMap((f) => (f.drain === undefined ? [] : [f.drain]));
    const drainRate = drains.reduce((a, d) => a + d.waiting, 0) / Math.max(0.001, drains.reduce((a, d) => a + d.seconds, 0));
    const cpu = (rules: number) => mean((runs[rules] ?? []).map((f) => f.cpuPerRequestMs));
    console.log(`    ${kind}: with 20 rules ${(rps(20) / rps(0)).toFixed(2)}× the intake without (${rps(20).toFixed(0)} vs ${rps(0).toFixed(0)} req/s), p99 ${p99(20)} vs ${p99(0)} ms, the proxy's CPU per request during the load ${(cpu(20) / cpu(0)).toFixed(2)}× (${cpu(20).toFixed(3)} vs ${cpu(0).toFixed(3)} ms); ${drains.some((d) => d.unapplied) ? 'the applier was still behind when the load ended (the runner\'s rate after it is not measured)' : drains.some((d) => d.waiting > 0) ? `the runner caught up ${drainRate.toFixed(0)} messages/s after the load` : 'the runner kept up (nothing waiting when the load ended)'}`);
  }
  return peak;
}

async function delivery(): Promise<number> {
  console.log('\nDelivery to a local subscriber: 5,000 events from 500 customers (10 each, in order per customer)');
  let peak = 0;
  for (const kind of ['sqlite', 'postgres'] as const) {
    const f = await benchDelivery(kind, 500, 10);
    peak = Math.max(peak, f.peakRssMb);
    console.log(`  ${kind.padEnd(8)} ${f.events} events in ${f.seconds.toFixed(2)} s = ${f.perSecond.toFixed(0)} events/s (target ≥ 1,000)   duplicates ${f.duplicates}   peak RSS ${f.peakRssMb.toFixed(0)} MB`);
  }
  return peak;
}

async function faults(): Promise<void> {
  console.log('\nFault run (SQLite): a subscriber that is down, 100,000 deliveries pending behind it, vs no subscriber; taking turns');
  const f = await benchDeadSubscriber(CONNECTIONS, SECONDS, ROUNDS, 1_000, 100);
  const line = (name: string, l: { rps: number; p50: number; p99: number; non2xx: number }) =>
    console.log(`  ${name.padEnd(34)} ${l.rps.toFixed(0).padStart(6)} req/s   p50 ${String(l.p50).padStart(4)} ms   p99 ${String(l.p99).padStart(4)} ms   non-2xx ${l.non2xx}`);
  for (let round = 0; round < f.none.length; round += 1) {
    const none = f.none[round];
    const dead = f.dead[round];
    if (none !== undefined) line('intake, no subscriber', none);
    if (dead !== undefined) line(`intake, dead subscriber (${f.backlog} pending)`, dead);
  }
  const none = mean(f.none.map((l) => l.rps));
  const dead = mean(f.dead.map((l) => l.rps));
  console.log(`  summary: dead subscriber ${dead.toFixed(0)} req/s = ${(dead / none).toFixed(2)}× no subscriber (target ≥ 0.9×), p99 ${mean(f.dead.map((l) => l.p99)).toFixed(0)} ms (target ≤ 50 ms)`);
  console.log(`  the subscriber returns: ${f.drained} events in ${f.drainSeconds.toFixed(2)} s = ${f.drainPerSecond.toFixed(0)} events/s (target ≥ 1,000)`);
  for (const kind of ['sqlite', 'postgres'] as const) {
    const sizes = await benchClaimTime(kind, [1_000, 10_000, 100_000]);
    console.log(`  claim time, ${kind.padEnd(8)} ${sizes.map((s) => `${s.waiting} waiting: ${s.ms.toFixed(2)} ms`).join('   ')}   (must stay flat)`);
  }
}

async function send(): Promise<number> {
  const count = 300;
  console.log(`\nTemplate send: client, proxy and sandbox in their own processes; ${count} sends each way, taking turns, one at a time`);
  const f = await benchSend(count);
  console.log(`  sandbox directly   p50 ${f.directP50.toFixed(2)} ms   p99 ${f.directP99.toFixed(2)} ms`);
  console.log(`  through the proxy  p50 ${f.proxyP50.toFixed(2)} ms   p99 ${f.proxyP99.toFixed(2)} ms`);
  console.log(`  added by the proxy p50 ${(f.proxyP50 - f.directP50).toFixed(2)} ms (target ≤ 2 ms); the proxy's CPU per send ${f.proxyCpuMsPerSend.toFixed(2)} ms   peak RSS ${f.peakRssMb.toFixed(0)} MB`);
  return f.peakRssMb;
}

async function unsigned(): Promise<void> {
  console.log('\nUnauthenticated webhooks: CPU per request in the intake, 100 connections of one Meta app (was ~1 s for the 3.9 MB body)');
  for (const row of (await benchUnsigned(20)).rows) {
    console.log(`  ${row.name.padEnd(38)} → ${row.status}   ${row.cpuMs.toFixed(2).padStart(7)} ms CPU   ${row.hmacs} HMAC`);
  }
}

async function storage(): Promise<void> {
  const count = 5_000;
  console.log(`\nStorage: ${count} inbound webhooks stored, applied and delivered to one subscription; bytes in use per message (rows and indexes)`);
  for (const kind of ['sqlite', 'postgres'] as const) {
    const f = await benchStorage(kind, count);
    const tables = Object.entries(f.byTable).sort((a, b) => b[1] - a[1]).map(([name, bytes]) => `${name} ${bytes.toFixed(0)}`).join(', ');
    console.log(`  ${kind.padEnd(8)} ${f.perMessage.toFixed(0)} bytes per ${f.webhookBytes}-byte webhook (${(f.perMessage / f.webhookBytes).toFixed(1)}×): ${tables}`);
  }
}

async function fuzz(): Promise<void> {
  const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const seed = Number(flag('seed') ?? Date.now() % 1_000_000_000);
  const runs = Number(flag('runs') ?? 500);
  console.log(`\nFuzz: ${runs} batches of 15–25 generated Meta-shaped webhooks per store through intake, parse and apply (pnpm test: 250), seed ${seed} (replay: pnpm bench fuzz --seed=${seed} --runs=${runs})`);
  for (const kind of ['sqlite', 'postgres'] as const) {
    const f = await benchFuzz(kind, runs, seed);
    const outcomes = Object.entries(f.outcomes).map(([status, n]) => `${status}: ${n}`).join(', ');
    console.log(`  ${kind.padEnd(8)} ${f.payloads} bodies in ${f.seconds.toFixed(0)} s (${outcomes}); quarantined ${f.quarantined}${f.errors.length > 0 ? `: ${f.errors.join(' | ')}` : ''}; no exception escaped, every valid message behind them applied`);
  }
}

/** `pnpm bench n8n`: n8n's webhook trigger against Kaiku's intake, taking turns (installs n8n once, see test/n8n). */
async function n8n(): Promise<void> {
  console.log(`\nn8n's Webhook trigger vs Kaiku's intake (SQLite): ~1 KB POSTs, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds taking turns`);
  const f = await benchN8n(CONNECTIONS, SECONDS, ROUNDS);
  for (let round = 0; round < ROUNDS; round += 1) {
    const [n8nRun, kaikuRun] = [f.n8n[round], f.kaiku[round]];
    if (n8nRun !== undefined) console.log(row(n8nRun));
    if (kaikuRun !== undefined) console.log(row(kaikuRun));
  }
  const n8nRps = mean(f.n8n.map((l) => l.rps));
  const kaikuRps = mean(f.kaiku.map((l) => l.rps));
  const peak = (list: typeof f.n8n) => Math.max(...list.map((l) => l.peakRssMb)).toFixed(0);
  console.log(`  summary: Kaiku ${kaikuRps.toFixed(0)} req/s (p99 ${mean(f.kaiku.map((l) => l.p99)).toFixed(0)} ms, ${peak(f.kaiku)} MB) = ${(kaikuRps / n8nRps).toFixed(1)}× n8n ${f.version} ${n8nRps.toFixed(0)} req/s (p99 ${mean(f.n8n.map((l) => l.p99)).toFixed(0)} ms, ${peak(f.n8n)} MB)`);
}

async function main(): Promise<void> {
  const started = Date.now();
  if (['fuzz', 'storage', 'unsigned', 'n8n', 'automations'].some((part) => process.argv.includes(part))) {
    if (process.argv.includes('n8n')) await n8n();
    if (process.argv.includes('automations')) await proxyBundle().then(intakeWithAutomations);
    if (process.argv.includes('unsigned')) await unsigned();
    if (process.argv.includes('storage')) await storage();
    if (process.argv.includes('fuzz')) await fuzz();
    process.exit(0);
  }
  await proxyBundle();
  console.log(`Kaiku bench on Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const intakeRss = Math.max(await intake(), await intakeWithAutomations());
  const deliveryRss = await delivery();
  await faults();
  const sendRss = await send();
  await unsigned();
  await storage();
  await fuzz();
  console.log(`\nPeak RSS of the proxy process (the built bundle, as pnpm start runs it): ${Math.max(intakeRss, deliveryRss, sendRss).toFixed(0)} MB (target < 150 MB)`);
  console.log(`Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s, load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
