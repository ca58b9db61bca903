// Small emulator apps for end-to-end runner tests, written next to each test's specs.
export function echoApp(opts: { latencyMs?: number; faults?: string; seed?: number } = {}): string {
  return `app: projects/test/locations/us/apps/echo
rootAgent: root_agent
seed: ${opts.seed ?? 7}
latencyMs: ${opts.latencyMs ?? 0}
${opts.faults ? `faults: ${opts.faults}\n` : ''}tools:
  lookup:
    response: { source: real }
    fake: { source: fake }
  ask_client:
    client: true
agents:
  root_agent:
    routes:
      - on: { text: lookup }
        do:
          - call: { tool: lookup, args: { q: "\${input.text}" } }
          - say: "lookup said \${tool.lookup.source}"
      - on: { text: client }
        do:
          - call: { tool: ask_client, args: { kind: "\${input.text}" } }
          - say: "client said \${tool.ask_client.answer}"
      - on: { default: true }
        say: "echo: \${input.text}"
`;
}
