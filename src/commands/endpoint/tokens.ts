// `beacon endpoint tokens`: the pre-v0.0.70 spelling of `beacon token-usage`, kept working.
import TokenUsage from '../token-usage.js'

export default class EndpointTokens extends TokenUsage {
  static override summary = 'Deprecated: use "beacon token-usage".'
  static override description =
    'The pre-v0.0.70 spelling of "beacon token-usage"; it takes the same flags and prints the same report.'
  static override examples = []

  override async run(): Promise<void> {
    this.logToStderr(
      'beacon: "beacon endpoint tokens" is deprecated; use "beacon token-usage" (same flags)',
    )
    await super.run()
  }
}
