// Gemini CLI (OpenTelemetry export): `gemini_cli.token.usage` datapoints with a `type` attribute.
import type {RuntimeModule} from './runtime-module.js'

export const geminiCli: RuntimeModule = {
  harness: 'gemini_cli',
  aliases: ['gemini', 'gemini cli', 'gemini-cli'],
  metricPrefixes: ['gemini_cli.'],
}
