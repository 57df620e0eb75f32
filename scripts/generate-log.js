#!/usr/bin/env node
// Deterministic generator of realistic Beacon runtime logs for benchmarks and big-file
// correctness checks. The same --seed and --size give the same bytes on any machine.
//
//   node scripts/generate-log.js --size 1GiB --seed 1 --out bench-data/runtime-1g.jsonl \
//     [--expected bench-data/runtime-1g.jsonl.expected.json]
//
// What it writes, interleaving many concurrent sessions over many repositories:
// - Claude Code sessions: user prompts, tool decisions/results with long parameters and output,
//   `api_request` log records with usage, and `claude_code.token.usage` (per type, model names
//   with `[1m]` for 1M-context sessions) + `claude_code.cost.usage` Delta datapoints flushed every
//   few turns — the same usage on two channels (§5.1). Some sessions export metrics only, some
//   put cost on the log record too, some flush metrics before the log records.
// - Codex CLI sessions: metrics-only usage, `codex.turn.token_usage` per token_type
//   (input/cached_input/output/reasoning_output/total), Delta or Cumulative (with counter resets).
// - SDK agents: span trees (trace/span/parent ids), some written with dotted keys, some with
//   +02:00 offsets, some with cost.
// - CI runs (run.provider / run.run_id) on a share of every kind of session.
// - About 1% noise: malformed lines of several kinds, blank lines; and a few collector-retry
//   duplicates of usage lines.
//
// With --expected it also writes what the report must say (ExpectedReport) as a sidecar JSON.
import {once} from 'node:events'
import {createWriteStream, mkdirSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'
import {fileURLToPath} from 'node:url'

import {ExpectedReport} from './lib/expected-report.js'
import {Prng} from './lib/prng.js'

/** Bumped whenever the output for a given seed and size changes (invalidates cached logs). */
export const GENERATOR_VERSION = 1

const FLUSH_CHARS = 8 * 1024 * 1024

// ---------------------------------------------------------------------------------------------
// Sizes

export function parseSize(text) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|k|m|g)?\s*$/i.exec(String(text))
  if (m === null) throw new Error(`bad size "${text}" (e.g. 64MiB, 1GiB, 4GiB, 500MB)`)
  const unit = (m[2] ?? 'b').toLowerCase()
  const factor = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    k: 1024,
    kib: 1024,
    m: 1024 ** 2,
    mib: 1024 ** 2,
    g: 1024 ** 3,
    gib: 1024 ** 3,
  }[unit]
  return Math.round(Number(m[1]) * factor)
}

export function formatSize(bytes) {
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}GiB`
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}MiB`
  return `${bytes}B`
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const WORDS = (
  'the a function const let return await async import export from if else for while of in new ' +
  'class extends this null undefined true false error result value config request response ' +
  'session token usage model cache read write file path line stream buffer chunk parse json ' +
  'test expect describe it should handle retry timeout payment ledger invoice customer account ' +
  'balance amount currency transaction webhook queue worker job schedule deploy build lint ' +
  'migration schema table column index query select insert update delete where order limit ' +
  'please fix the failing test in and make sure refactor add a check for edge case when ' +
  'user clicks button renders component state props hook effect memo callback router page'
).split(' ')
const PUNCT = ['.', ',', ';', ':', '(', ')', '{', '}', '=>', '===', '"', "'", '\\', '/', '->']
const UNICODE = ['é', 'ü', '→', '✓', '—', 'ß', 'ñ', '°']
const TOOLS = ['Read', 'Edit', 'Write', 'Bash', 'Grep', 'Glob', 'WebFetch', 'TodoWrite', 'Task']
const DIRS = ['src', 'src/api', 'src/lib', 'test', 'packages/core/src', 'apps/web/src', 'scripts']
const EXTS = ['ts', 'tsx', 'js', 'py', 'go', 'rs', 'md', 'json', 'yaml', 'sql']
const COMMANDS = [
  'npm test -- --run',
  'npm run lint',
  'git status --short',
  'git diff --stat HEAD~1',
  'pytest -q tests/',
  'go test ./...',
  'cargo build --release',
  'rg -n "TODO" src',
  'ls -la',
  'docker compose up -d db',
]
const ORGS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'piedpiper', 'stark', 'wayne']
const PROJECTS = [
  'payments',
  'api-gateway',
  'web',
  'mobile-app',
  'infra',
  'data-pipeline',
  'support-bot',
  'billing',
  'search',
  'auth-service',
  'design-system',
  'ml-platform',
]
const CLAUDE_MODELS = [
  [55, 'claude-sonnet-4-5-20250929'],
  [15, 'claude-opus-4-1-20250805'],
  [10, 'claude-sonnet-4-20250514'],
  [20, 'claude-haiku-4-5-20251001'],
]
const CODEX_MODELS = [
  [50, 'gpt-5-codex'],
  [25, 'gpt-5'],
  [15, 'gpt-5.1-codex-max'],
  [10, 'o4-mini'],
]
const SDK_MODELS = [
  [25, 'gpt-4.1'],
  [20, 'gpt-4.1-mini'],
  [10, 'gpt-4o'],
  [15, 'claude-sonnet-4-5'],
  [10, 'gemini-2.5-pro'],
  [10, 'o3'],
  [10, 'mistral-large-latest'],
]
// Prices only shape realistic runtime-reported costs; the report never prices anything.
const PRICE_PER_MTOK = {opus: 15, sonnet: 3, haiku: 1}

// ---------------------------------------------------------------------------------------------
// The generator

class Generator {
  constructor({seed, size}) {
    this.rng = new Prng(seed)
    this.size = size
    this.expect = new ExpectedReport()
    this.clock = Date.UTC(2026, 5, 1, 6, 0, 0)
    this.bytes = 0
    this.lines = 0
    this.usageLines = 0
    this.buffer = ''
    this.out = undefined
    this.lastLine = '{}'
    this.lastTokenLine = '{"gen_ai":{"usage":{"input_tokens":1}}}'
    this.retries = []
    this.corpus = this.buildCorpus(1 << 19)
    this.repos = this.buildRepos()
    this.active = []
    this.sequence = 0
  }

  buildCorpus(chars) {
    const rng = this.rng
    let text = ''
    while (text.length < chars) {
      const n = rng.int(4, 14)
      const parts = []
      for (let i = 0; i < n; i++) {
        parts.push(rng.pick(WORDS))
        if (rng.chance(0.15)) parts.push(rng.pick(PUNCT))
        if (rng.chance(0.01)) parts.push(rng.pick(UNICODE))
      }
      text += parts.join(' ') + (rng.chance(0.3) ? '\n' : rng.chance(0.1) ? '\t' : ' ')
    }
    return text
  }

  buildRepos() {
    const repos = []
    for (const org of ORGS)
      for (const project of PROJECTS)
        if (this.rng.chance(0.7))
          repos.push(`${this.rng.chance(0.85) ? 'github.com' : 'gitlab.com'}/${org}/${project}`)
    return repos
  }

  /** A JSON string literal of `chars` characters of realistic text. */
  text(chars) {
    const start = this.rng.int(0, this.corpus.length - chars - 1)
    return JSON.stringify(this.corpus.slice(start, start + chars))
  }

  tick(lo = 1, hi = 90) {
    this.clock += this.rng.int(lo, hi)
    return this.clock
  }

  iso(ms) {
    return new Date(ms).toISOString()
  }

  // --- output ---------------------------------------------------------------------------------

  async write(line) {
    this.buffer += line
    this.buffer += '\n'
    this.bytes += Buffer.byteLength(line) + 1
    this.lines++
    if (this.buffer.length >= FLUSH_CHARS) await this.flush()
  }

  async flush() {
    if (this.buffer.length === 0) return
    const chunk = this.buffer
    this.buffer = ''
    if (!this.out.write(chunk)) await once(this.out, 'drain')
  }

  /**
   * A valid event line; `ev` describes it for the expected report. Noise (malformed and blank
   * lines) and collector-retry duplicates are sprinkled after it.
   */
  async emit(line, ev) {
    await this.write(line)
    this.expect.event(ev)
    this.lastLine = line
    const u = ev.usage
    if (u !== undefined && /"\w+_tokens":\d/.test(line)) this.lastTokenLine = line
    const bearing =
      u !== undefined &&
      (u.cost || u.input || u.output || u.cacheRead || u.cacheCreation || u.reasoning)
    if (bearing) {
      this.usageLines++
      if (this.rng.chance(0.0015)) this.retries.push({at: this.lines + this.rng.int(1, 30), line})
    }
    while (this.retries.length > 0 && this.retries[0].at <= this.lines) {
      await this.write(this.retries.shift().line)
      this.expect.duplicate()
    }
    const r = this.rng.float()
    if (r < 0.008) {
      await this.write(this.malformedLine())
      this.expect.malformed()
    } else if (r < 0.01) {
      await this.write(this.rng.chance(0.7) ? '' : this.rng.pick(['   ', '\t', ' \t ']))
      this.expect.blank()
    }
  }

  malformedLine() {
    const rng = this.rng
    const kind = rng.float()
    const last = this.lastLine
    if (kind < 0.35) return last.slice(0, rng.int(10, last.length - 2))
    if (kind < 0.6) {
      // A token count written as a string, a fraction or in exponent form.
      const form = rng.pick([
        '"$1_tokens":"$2"',
        '"$1_tokens":$2.5',
        '"$1_tokens":$2.0',
        '"$1_tokens":$2e0',
      ])
      return this.lastTokenLine.replace(/"(\w+)_tokens":(\d+)/, form)
    }
    if (kind < 0.7 && last.includes('"session":{"id":"'))
      return last.replace(/"session":\{"id":"[^"]*"\}/, `"session":{"id":${rng.int(1, 99999)}}`)
    if (kind < 0.8)
      return rng.pick(['[]', '["retry",3]', '"collector restarted"', 'null', '12345', 'true'])
    if (kind < 0.9)
      return `${this.iso(this.clock)} WARN beacon-agent exporter: queue full, dropping ${rng.int(1, 4096)} spans`
    return last + last.slice(0, rng.int(20, last.length - 1))
  }

  // --- sessions -------------------------------------------------------------------------------

  common(s) {
    let head = `"harness":{"name":"${s.harness}"},"session":{"id":"${s.id}"},"repository":"${s.repo}",`
    if (s.runJson !== '') head += s.runJson
    head += `"host":{"name":"${s.host}","os":{"type":"${s.os}"}},"user":{"id":"${s.user}"},"beacon":{"agent_version":"0.0.74"},`
    return head
  }

  newSession() {
    const rng = this.rng
    const kind = rng.weighted([
      [55, 'claude'],
      [28, 'codex'],
      [17, 'sdk'],
    ])
    const s = {
      kind,
      repo: this.repos[rng.skewed(0, this.repos.length - 1, 1.8)],
      host: rng.chance(0.5) ? `dev-laptop-${rng.int(1, 60)}` : `ci-runner-${rng.int(1, 40)}`,
      os: rng.pick(['linux', 'darwin', 'linux', 'windows']),
      user: `u-${rng.hex(10)}`,
      turn: 0,
      turns: rng.skewed(3, 120, 2),
      run: '',
      runJson: '',
    }
    const ciShare = {claude: 0.2, codex: 0.45, sdk: 0.3}[kind]
    if (rng.chance(ciShare)) {
      const provider = rng.weighted([
        [60, 'github'],
        [20, 'gitlab'],
        [12, 'buildkite'],
        [8, ''],
      ])
      const runId = provider === '' ? `jenkins-${rng.int(100, 9999)}` : String(rng.int(1e9, 9e9))
      s.run = provider === '' ? runId : `${provider}/${runId}`
      s.runJson =
        provider === ''
          ? `"run":{"run_id":"${runId}"},`
          : `"run":{"provider":"${provider}","run_id":"${runId}","attempt":${rng.int(1, 3)}},`
    }
    if (kind === 'claude') {
      s.harness = 'claude_code'
      s.id = rng.uuid()
      s.model = rng.weighted(CLAUDE_MODELS.slice(0, 3))
      s.oneM = s.model.includes('sonnet') && rng.chance(0.25)
      s.haiku = rng.chance(0.4)
      s.logChannel = rng.chance(0.85)
      s.costOnLog = s.logChannel && rng.chance(0.4)
      s.metricsFirst = s.logChannel && rng.chance(0.1)
      s.flushEvery = rng.int(1, 4)
      s.context = rng.int(8000, 30000)
      s.pending = new Map()
      s.version = rng.pick(['2.0.14', '2.0.22', '2.0.31'])
    } else if (kind === 'codex') {
      s.harness = 'codex_cli'
      s.id = `codex-${rng.hex(8)}-${rng.hex(4)}`
      s.model = rng.weighted(CODEX_MODELS)
      s.cumulative = rng.chance(0.4)
      s.running = {input: 0, cached: 0, output: 0, reasoning: 0}
      s.version = rng.pick(['0.58.0', '0.59.1'])
    } else {
      s.harness = rng.pick(['agent-sdk', 'openai-agents', 'langgraph'])
      s.id = `conv_${rng.hex(16)}`
      s.dotted = s.harness === 'openai-agents'
      s.offset = s.harness === 'langgraph'
      s.withCost = s.harness !== 'openai-agents'
      s.agent = rng.pick(['support-triage', 'code-review', 'release-notes', 'sql-assistant'])
    }
    s.head = kind === 'sdk' && s.dotted ? this.dottedCommon(s) : this.common(s)
    return s
  }

  dottedCommon(s) {
    let head = `"harness.name":"${s.harness}","session.id":"${s.id}","repository":"${s.repo}",`
    if (s.runJson !== '') head += s.runJson
    return head + `"host":{"name":"${s.host}"},"service.name":"${s.agent}",`
  }

  async step() {
    const rng = this.rng
    while (this.active.length < 28) this.active.push(this.newSession())
    const i = rng.int(0, this.active.length - 1)
    const s = this.active[i]
    if (s.kind === 'claude') await this.claudeTurn(s)
    else if (s.kind === 'codex') await this.codexTurn(s)
    else await this.sdkTrace(s)
    s.turn++
    if (s.turn >= s.turns) {
      if (s.kind === 'claude') await this.claudeFlush(s)
      this.active[i] = this.newSession()
    }
  }

  /** An event with no usage, as an entry for the expected report. */
  plain(s, extra = {}) {
    return {
      harness: s.harness,
      session: s.id,
      model: '',
      repository: s.repo,
      run: s.run,
      metricName: '',
      cumulative: false,
      usage: undefined,
      ...extra,
    }
  }

  // --- Claude Code ----------------------------------------------------------------------------

  async claudeTurn(s) {
    const rng = this.rng
    if (s.turn === 0 || rng.chance(0.3)) {
      const prompt = this.text(rng.skewed(80, 3000, 2))
      await this.emit(
        `{"timestamp":"${this.iso(this.tick())}",${s.head}"event":{"action":"user_prompt"},"message":"claude_code.user_prompt","raw":{"attributes":{"event.name":"user_prompt","prompt_length":${prompt.length},"prompt":${prompt},"terminal.type":"vscode","event.sequence":${++this.sequence}}}}`,
        this.plain(s),
      )
    }
    const requests = rng.skewed(1, 6, 1.7)
    const records = []
    for (let r = 0; r < requests; r++) {
      const model = s.haiku && rng.chance(0.3) ? 'claude-haiku-4-5-20251001' : s.model
      const first = s.turn === 0 && r === 0
      s.context += rng.int(200, 6000)
      if (s.context > 190000 || rng.chance(0.02)) s.context = rng.int(10000, 40000)
      const usage = {
        cost: 0,
        input: rng.chance(0.8) ? rng.int(1, 40) : rng.int(200, 12000),
        output: rng.skewed(20, 8000, 2),
        cacheRead: first ? 0 : Math.max(1, s.context - rng.int(0, 3000)),
        cacheCreation: first ? rng.int(3000, 20000) : rng.chance(0.6) ? rng.int(100, 6000) : 0,
        reasoning: 0,
      }
      const tier = model.includes('opus') ? 'opus' : model.includes('haiku') ? 'haiku' : 'sonnet'
      const p = PRICE_PER_MTOK[tier]
      usage.cost =
        Math.round(
          (usage.input * p +
            usage.output * p * 5 +
            usage.cacheRead * p * 0.1 +
            usage.cacheCreation * p * 1.25) *
            100,
        ) / 1e8
      const metricModel = s.oneM && model === s.model ? `${model}[1m]` : model
      let acc = s.pending.get(metricModel)
      if (acc === undefined) {
        acc = {input: 0, output: 0, cacheRead: 0, cacheCreation: 0, cost: 0, lines: 0}
        s.pending.set(metricModel, acc)
      }
      acc.input += usage.input
      acc.output += usage.output
      acc.cacheRead += usage.cacheRead
      acc.cacheCreation += usage.cacheCreation
      acc.cost += usage.cost
      acc.lines += rng.int(0, 120)
      if (s.logChannel) {
        if (s.metricsFirst) records.push({model, usage})
        else await this.claudeApiRequest(s, model, usage)
      }
      await this.claudeTools(s)
    }
    if (s.metricsFirst || (s.turn + 1) % s.flushEvery === 0) await this.claudeFlush(s)
    for (const {model, usage} of records) await this.claudeApiRequest(s, model, usage)
  }

  async claudeApiRequest(s, model, usage) {
    const rng = this.rng
    const cost = s.costOnLog ? `,"cost_usd":${usage.cost}` : ''
    const logged = s.costOnLog ? usage : {...usage, cost: 0}
    await this.emit(
      `{"timestamp":"${this.iso(this.tick(200, 9000))}",${s.head}"event":{"action":"api_request"},"model":"${model}","message":"claude_code.api_request","gen_ai":{"usage":{"input_tokens":${usage.input},"output_tokens":${usage.output},"cache_read":{"input_tokens":${usage.cacheRead}},"cache_creation":{"input_tokens":${usage.cacheCreation}}${cost}}},"raw":{"attributes":{"event.name":"api_request","model":"${model}","cost_usd":${usage.cost},"duration_ms":${rng.int(400, 60000)},"request_id":"req_${rng.hex(24)}","prompt.id":"${rng.uuid()}","event.sequence":${++this.sequence},"terminal.type":"vscode","app.version":"${s.version}"}}}`,
      {...this.plain(s), model, usage: logged},
    )
  }

  async claudeTools(s) {
    const rng = this.rng
    const tools = rng.skewed(0, 4, 1.35)
    for (let t = 0; t < tools; t++) {
      const tool = rng.pick(TOOLS)
      const file = `${rng.pick(DIRS)}/${rng.pick(WORDS)}-${rng.pick(WORDS)}.${rng.pick(EXTS)}`
      await this.emit(
        `{"timestamp":"${this.iso(this.tick())}",${s.head}"event":{"action":"tool_decision"},"message":"claude_code.tool_decision","raw":{"attributes":{"event.name":"tool_decision","tool_name":"${tool}","decision":"${rng.chance(0.95) ? 'accept' : 'reject'}","source":"${rng.pick(['config', 'user_permanent', 'user_temporary'])}","event.sequence":${++this.sequence}}}}`,
        this.plain(s),
      )
      const params =
        tool === 'Bash'
          ? JSON.stringify(JSON.stringify({command: rng.pick(COMMANDS), timeout: 120000}))
          : JSON.stringify(JSON.stringify({file_path: file}))
      const output = this.text(rng.skewed(80, 6400, 2.2))
      await this.emit(
        `{"timestamp":"${this.iso(this.tick(5, 4000))}",${s.head}"event":{"action":"tool_result"},"message":"${tool} ${file}","raw":{"attributes":{"event.name":"tool_result","tool_name":"${tool}","success":"${rng.chance(0.93)}","duration_ms":${rng.int(3, 30000)},"tool_parameters":${params},"tool_result_size_bytes":${output.length},"output":${output},"event.sequence":${++this.sequence}}}}`,
        this.plain(s),
      )
    }
  }

  /** Delta datapoints for the usage since the last flush, per model and type, plus activity. */
  async claudeFlush(s) {
    const rng = this.rng
    const ts = this.iso(this.tick(1, 30))
    const tail = (attrs) =>
      `"raw":{"metric_temporality":"Delta","attributes":{${attrs},"session.id":"${s.id}","user.account_uuid":"${s.user}","organization.id":"org-${s.repo.length}","terminal.type":"vscode","app.version":"${s.version}"}`
    for (const [model, acc] of s.pending) {
      const types = [
        ['input', 'input', `"input_tokens":${acc.input}`],
        ['output', 'output', `"output_tokens":${acc.output}`],
        ['cacheRead', 'cacheRead', `"cache_read":{"input_tokens":${acc.cacheRead}}`],
        [
          'cacheCreation',
          'cacheCreation',
          `"cache_creation":{"input_tokens":${acc.cacheCreation}}`,
        ],
      ]
      for (const [type, field, json] of types) {
        if (acc[field] === 0) continue
        const usage = {cost: 0, input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0}
        usage[field] = acc[field]
        await this.emit(
          `{"timestamp":"${ts}",${s.head}"event":{"action":"metric"},"model":"${model}","gen_ai":{"usage":{${json}}},${tail(`"type":"${type}","model":"${model}"`)},"metric_name":"claude_code.token.usage"}}`,
          {...this.plain(s), model, metricName: 'claude_code.token.usage', usage},
        )
      }
      const cost = acc.cost
      if (cost !== 0) {
        await this.emit(
          `{"timestamp":"${ts}",${s.head}"event":{"action":"metric"},"model":"${model}","gen_ai":{"usage":{"cost_usd":${cost}}},${tail(`"model":"${model}"`)},"metric_name":"claude_code.cost.usage"}}`,
          {
            ...this.plain(s),
            model,
            metricName: 'claude_code.cost.usage',
            usage: {cost, input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0},
          },
        )
      }
      if (acc.lines > 0) {
        await this.emit(
          `{"timestamp":"${ts}",${s.head}"event":{"action":"metric"},"model":"${model}",${tail(`"type":"added","model":"${model}"`)},"metric_name":"claude_code.lines_of_code.count","value":${acc.lines}}}`,
          {...this.plain(s), model, metricName: 'claude_code.lines_of_code.count'},
        )
      }
    }
    if (s.pending.size > 0 && rng.chance(0.5)) {
      await this.emit(
        `{"timestamp":"${ts}",${s.head}"event":{"action":"metric"},${tail(`"type":"cli"`)},"metric_name":"claude_code.active_time.total","value":${rng.int(1, 900)}}}`,
        {...this.plain(s), metricName: 'claude_code.active_time.total'},
      )
    }
    s.pending.clear()
  }

  // --- Codex CLI ------------------------------------------------------------------------------

  async codexTurn(s) {
    const rng = this.rng
    if (s.turn === 0 || rng.chance(0.4)) {
      const prompt = this.text(rng.skewed(60, 2500, 2))
      await this.emit(
        `{"timestamp":"${this.iso(this.tick())}",${s.head}"event":{"action":"user_prompt"},"message":"codex.user_prompt","raw":{"attributes":{"event.name":"codex.user_prompt","prompt_length":${prompt.length},"prompt":${prompt},"conversation.id":"${s.id}","app.version":"${s.version}"}}}`,
        this.plain(s),
      )
    }
    const tools = rng.skewed(0, 4, 1.5)
    for (let t = 0; t < tools; t++) {
      const command = rng.pick(COMMANDS)
      await this.emit(
        `{"timestamp":"${this.iso(this.tick())}",${s.head}"event":{"action":"tool_decision"},"message":"codex.tool_decision","raw":{"attributes":{"event.name":"codex.tool_decision","tool_name":"shell","decision":"${rng.chance(0.9) ? 'approved' : 'approved_for_session'}","source":"config","conversation.id":"${s.id}","app.version":"${s.version}"}}}`,
        this.plain(s),
      )
      const output = this.text(rng.skewed(80, 6400, 2.2))
      await this.emit(
        `{"timestamp":"${this.iso(this.tick(5, 5000))}",${s.head}"event":{"action":"tool_result"},"message":"exec_command","raw":{"attributes":{"event.name":"codex.tool_result","tool_name":"shell","call_id":"call_${rng.hex(20)}","arguments":${JSON.stringify(JSON.stringify({command: ['bash', '-lc', command], workdir: `/work/${s.repo}`}))},"duration_ms":${rng.int(5, 60000)},"success":"${rng.chance(0.9)}","output":${output},"conversation.id":"${s.id}"}}}`,
        this.plain(s),
      )
    }
    const reasoningModel = s.model !== 'gpt-5-codex' || rng.chance(0.8)
    const turn = {
      input: rng.int(300, 25000),
      cached: s.turn === 0 && !s.cumulative ? 0 : rng.int(1, 90000),
      output: rng.skewed(40, 6000, 2),
      reasoning: 0,
    }
    turn.reasoning = reasoningModel || s.cumulative ? rng.int(1, Math.max(1, turn.output)) : 0
    let values = turn
    if (s.cumulative) {
      if (s.turn > 3 && rng.chance(0.03)) s.running = {input: 0, cached: 0, output: 0, reasoning: 0}
      for (const k of Object.keys(turn)) s.running[k] += turn[k]
      values = s.running
    }
    const ts = this.iso(this.tick(100, 20000))
    const temporality = s.cumulative ? 'Cumulative' : 'Delta'
    const datapoints = [
      ['input', 'input', `"input_tokens":${values.input}`],
      ['cached_input', 'cacheRead', `"cache_read":{"input_tokens":${values.cached}}`],
      ['output', 'output', `"output_tokens":${values.output}`],
      ['reasoning_output', 'reasoning', `"reasoning":{"output_tokens":${values.reasoning}}`],
    ]
    const valueOf = {
      input: values.input,
      cacheRead: values.cached,
      output: values.output,
      reasoning: values.reasoning,
    }
    for (const [type, field, json] of datapoints) {
      const usage = {cost: 0, input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0}
      usage[field] = valueOf[field]
      await this.emit(
        `{"timestamp":"${ts}","event":{"action":"metric"},${s.head}"model":"${s.model}","gen_ai":{"usage":{${json}}},"raw":{"metric_name":"codex.turn.token_usage","metric_temporality":"${temporality}","attributes":{"token_type":"${type}","model":"${s.model}","conversation.id":"${s.id}","app.version":"${s.version}"}}}`,
        {
          ...this.plain(s),
          model: s.model,
          metricName: 'codex.turn.token_usage',
          cumulative: s.cumulative,
          usage,
        },
      )
    }
    const total = values.input + values.cached + values.output
    await this.emit(
      `{"timestamp":"${ts}","event":{"action":"metric"},${s.head}"model":"${s.model}","gen_ai":{"usage":{"input_tokens":${total}}},"raw":{"metric_name":"codex.turn.token_usage","metric_temporality":"${temporality}","attributes":{"token_type":"total","model":"${s.model}","conversation.id":"${s.id}","app.version":"${s.version}"}}}`,
      // `total` repeats the other datapoints: the runtime ignores it, it only counts as an event.
      {...this.plain(s), model: s.model, metricName: 'codex.turn.token_usage', ignored: true},
    )
  }

  // --- SDK agents (spans) ---------------------------------------------------------------------

  async sdkTrace(s) {
    const rng = this.rng
    const traceId = rng.hex(32)
    // Spans are logged when they end: children first, the root last.
    const root = rng.hex(16)
    const calls = rng.int(1, 4)
    for (let c = 0; c < calls; c++) {
      let parent = root
      if (rng.chance(0.4)) {
        const tool = rng.pick(['search_docs', 'run_sql', 'fetch_ticket', 'post_comment'])
        const toolSpan = rng.hex(16)
        if (rng.chance(0.4)) await this.sdkChat(s, traceId, rng.hex(16), toolSpan)
        await this.sdkSpan(
          s,
          traceId,
          toolSpan,
          root,
          `execute_tool ${tool}`,
          `,"raw":{"attributes":{"gen_ai.operation.name":"execute_tool","gen_ai.tool.name":"${tool}","gen_ai.tool.call.arguments":${this.text(rng.skewed(40, 800, 2))},"gen_ai.tool.call.result":${this.text(rng.skewed(200, 7000, 2))}}}`,
          this.plain(s),
        )
        parent = root
      }
      await this.sdkChat(s, traceId, rng.hex(16), parent)
    }
    await this.sdkSpan(
      s,
      traceId,
      root,
      '',
      `invoke_agent ${s.agent}`,
      `,"raw":{"attributes":{"gen_ai.operation.name":"invoke_agent","gen_ai.agent.name":"${s.agent}","input":${this.text(rng.skewed(80, 2000, 2))}}}`,
      this.plain(s),
    )
  }

  async sdkChat(s, traceId, spanId, parent) {
    const rng = this.rng
    const model = rng.weighted(SDK_MODELS)
    const usage = {
      cost: 0,
      input: rng.int(200, 40000),
      output: rng.skewed(10, 4000, 2),
      cacheRead: rng.chance(0.5) ? rng.int(1, 30000) : 0,
      cacheCreation: 0,
      reasoning: 0,
    }
    if (model === 'o3') usage.reasoning = rng.int(1, usage.output)
    if (s.withCost)
      usage.cost =
        Math.round((usage.input * 2 + usage.output * 8 + usage.cacheRead * 0.5) * 100) / 1e8
    let json = s.dotted
      ? `,"gen_ai.usage.input_tokens":${usage.input},"gen_ai.usage.output_tokens":${usage.output}`
      : `,"gen_ai":{"usage":{"input_tokens":${usage.input},"output_tokens":${usage.output}`
    if (usage.cacheRead !== 0)
      json += s.dotted
        ? `,"gen_ai.usage.cache_read.input_tokens":${usage.cacheRead}`
        : `,"cache_read":{"input_tokens":${usage.cacheRead}}`
    if (usage.reasoning !== 0)
      json += s.dotted
        ? `,"gen_ai.usage.reasoning.output_tokens":${usage.reasoning}`
        : `,"reasoning":{"output_tokens":${usage.reasoning}}`
    if (usage.cost !== 0)
      json += s.dotted ? `,"gen_ai.usage.cost_usd":${usage.cost}` : `,"cost_usd":${usage.cost}`
    if (!s.dotted) json += '}}'
    json += `,"raw":{"attributes":{"gen_ai.operation.name":"chat","gen_ai.request.model":"${model}","gen_ai.request.temperature":0.2,"gen_ai.response.finish_reasons":["stop"],"gen_ai.response.id":"resp_${rng.hex(20)}"}}`
    await this.sdkSpan(s, traceId, spanId, parent, `chat ${model}`, `,"model":"${model}"${json}`, {
      ...this.plain(s),
      model,
      usage,
    })
  }

  async sdkSpan(s, traceId, spanId, parent, name, rest, ev) {
    const ms = this.tick(50, 8000)
    const ts = s.offset
      ? new Date(ms + 2 * 3600 * 1000).toISOString().replace('Z', '+02:00')
      : this.iso(ms)
    const trace = s.dotted
      ? `"trace.id":"${traceId}","trace.span_id":"${spanId}"${parent === '' ? '' : `,"trace.parent_span_id":"${parent}"`}`
      : `"trace":{"id":"${traceId}","span_id":"${spanId}"${parent === '' ? '' : `,"parent_span_id":"${parent}"`}}`
    const action = s.dotted ? `"event.action":"span"` : `"event":{"action":"span"}`
    await this.emit(
      `{"timestamp":"${ts}",${s.head}${action},"message":"${name}",${trace}${rest}}`,
      ev,
    )
  }

  // --- driver ---------------------------------------------------------------------------------

  async run(out) {
    this.out = out
    while (this.bytes < this.size) await this.step()
    await this.flush()
    this.expect.finish()
  }
}

/**
 * Writes a log of at least `size` bytes (it stops after the line that crosses it) and, when
 * `expectedOut` is given, the expected report next to it. Returns the summary.
 */
export async function generateLog({size, seed, out, expectedOut}) {
  mkdirSync(dirname(out), {recursive: true})
  const started = process.hrtime.bigint()
  const gen = new Generator({seed, size})
  const stream = createWriteStream(out, {highWaterMark: 16 * 1024 * 1024})
  await gen.run(stream)
  stream.end()
  await once(stream, 'finish')
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const summary = {
    generator_version: GENERATOR_VERSION,
    seed,
    size,
    bytes: gen.bytes,
    lines: gen.lines,
    usage_lines: gen.usageLines,
    blank_lines: gen.expect.blankLines,
    average_line_bytes: Math.round(gen.bytes / gen.lines),
    seconds: Math.round(seconds * 100) / 100,
  }
  if (expectedOut !== undefined) {
    writeFileSync(
      expectedOut,
      `${JSON.stringify({...summary, expected: gen.expect.toJson()}, null, 2)}\n`,
    )
  }
  return summary
}

function parseArgs(argv) {
  const options = {size: parseSize('64MiB'), seed: 1, out: undefined, expectedOut: undefined}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`)
      return argv[++i]
    }
    if (arg === '--size') options.size = parseSize(value())
    else if (arg === '--seed') {
      options.seed = Number(value())
      if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer')
    } else if (arg === '--out') options.out = value()
    else if (arg === '--expected') options.expectedOut = value()
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node scripts/generate-log.js --size 1GiB --seed 1 --out FILE [--expected FILE.json]',
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  if (options.out === undefined) throw new Error('--out FILE is required')
  return options
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let options
  try {
    options = parseArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`generate-log: ${error.message}`)
    process.exit(2)
  }
  const summary = await generateLog(options)
  console.error(
    `generate-log: wrote ${options.out}: ${summary.bytes} bytes, ${summary.lines} lines ` +
      `(${((100 * summary.usage_lines) / summary.lines).toFixed(1)}% usage, ` +
      `${summary.average_line_bytes} B/line) in ${summary.seconds} s`,
  )
}
