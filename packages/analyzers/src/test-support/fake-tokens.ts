/** Fake tokens in their issuers' formats, assembled in code so no secret scanner mistakes a test for a leak. */
export const FAKE_TOKENS = {
  aws: `AKIA${'ZZZZTRIADTEST001'}`,
  github: `ghp_${'T'.repeat(18)}${'r1ad'.repeat(5)}`,
  githubPat: `github_pat_${'11TRIAD0'.repeat(3)}_${'x9'.repeat(30)}`,
  slack: `xoxb-${'1234567890'}-${'triadtestonly'}`,
  openai: `sk-proj-${'Tr1adTestOnly'.repeat(3)}`,
  anthropic: `sk-ant-api03-${'Tr1adTestOnly'.repeat(3)}`,
  google: `AIza${'SyTriadTestOnly0123456789abcdefghij'}`,
  stripe: `sk_live_${'Tr1adTestOnly0000'}`,
  discordWebhook: `discord.com/api/webhooks/${'123456789012345678'}/${'Tr1adTestOnly_-'.repeat(5)}`,
};
