// Data-driven conversations (`each:`) and reusable steps (`steps:` / `use:`), loaded in-process:
// what they expand to, and where their errors point (issue 31 points 1 and 2).
import { describe, expect, it } from 'vitest';
import { loadTree, messagesOf } from './helpers.js';

const inputsOf = (turns: Array<{ input: unknown }>) => turns.map((t) => t.input);

describe('each: one conversation per row', () => {
  it('inline rows: names carry the row, ${each.key} reaches turns, expectations, fakes and variables', async () => {
    const { files, errors } = await loadTree({
      'a.yaml': `conversations:
  - name: book
    each:
      - { city: Paris, guests: 2 }
      - { city: Rome, guests: 4 }
    variables: { city: "\${each.city}" }
    toolFakes:
      - tool: book_table
        whenArgs: { city: "\${each.city}" }
        respond: { ok: "\${each.city} booked" }
    turns:
      - user: "a table for \${each.guests} in \${each.city}"
        expect:
          - text: { contains: "\${each.city}" }
    expect:
      - toolCall: { name: book_table, args: { city: "\${each.city}" } }
`,
    });
    expect(errors.map((e) => e.message)).toEqual([]);
    const conversations = files[0]!.conversations;
    expect(conversations.map((c) => [c.id, c.name])).toEqual([
      ['a.yaml#book [city=Paris, guests=2]', 'book [city=Paris, guests=2]'],
      ['a.yaml#book [city=Rome, guests=4]', 'book [city=Rome, guests=4]'],
    ]);
    const rome = conversations[1]!;
    expect(inputsOf(rome.turns)).toEqual([{ kind: 'text', text: 'a table for 4 in Rome' }]);
    expect(rome.turns[0]!.expect[0]!.options).toEqual({ contains: 'Rome' });
    expect(rome.turns[0]!.loc).toEqual({ file: 'a.yaml', line: 12, col: 9 });
    expect(rome.expect[0]!.options).toEqual({ name: 'book_table', args: { city: 'Rome' } });
    expect(rome.variables).toEqual({ city: 'Rome' });
    expect(rome.toolFakes[0]).toMatchObject({ whenArgs: { city: 'Rome' }, respond: { ok: 'Rome booked' } });
  });

  it('a name with ${each.key} is used as is; repeat applies to every row', async () => {
    const { files, errors } = await loadTree({
      'a.yaml': `conversations:
  - name: "to \${each.city}"
    repeat: 3
    each: [{ city: Oslo }, { city: Bergen }]
    turns: [{ user: "\${each.city}" }]
`,
    });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations.map((c) => [c.name, c.repeat])).toEqual([
      ['to Oslo', 3],
      ['to Bergen', 3],
    ]);
  });

  it('rows from CSV, YAML and JSON files next to the spec', async () => {
    const { files, errors } = await loadTree({
      'specs/a.yaml': `conversations:
  - { name: csv, each: data/cities.csv, turns: [{ user: "\${each.city}" }] }
  - { name: yaml, each: data/cities.yaml, turns: [{ user: "\${each.city}" }] }
  - { name: json, each: data/cities.json, turns: [{ user: "\${each.city}" }] }
`,
      'specs/data/cities.csv': 'city,note\nParis,"two\nlines"\n\nRome,x\n',
      'specs/data/cities.yaml': '- city: Lima\n- city: Quito\n',
      'specs/data/cities.json': '[{"city": "Tokyo"}, {"city": "Osaka"}]',
    });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations.map((c) => c.name)).toEqual([
      'csv [city=Paris, note=two\nlines]',
      'csv [city=Rome, note=x]',
      'yaml [city=Lima]',
      'yaml [city=Quito]',
      'json [city=Tokyo]',
      'json [city=Osaka]',
    ]);
  });

  it('values are the text written (0042, 2.50, 0x1F, True): inline, YAML, JSON and CSV rows and with:', async () => {
    const row = '${each.pin} ${each.price} ${each.hex} ${each.yes} ${each.n}';
    const turns = `turns: [{ user: "${row}" }, { use: pay, with: { amount: 1.10, ok: TRUE, n: 7 } }]`;
    const { files, errors } = await loadTree({
      'a.yaml': `steps:
  pay:
    - user: "\${with.amount} \${with.ok} \${with.n}"
conversations:
  - { name: i, each: [{ pin: 0042, price: 2.50, hex: 0x1F, yes: True, n: 7 }], ${turns} }
  - { name: y, each: rows.yaml, ${turns} }
  - { name: j, each: rows.json, ${turns} }
  - { name: c, each: rows.csv, ${turns} }
`,
      'rows.yaml': '- { pin: 0042, price: 2.50, hex: 0x1F, yes: True, n: 7 }\n',
      'rows.json': '[{ "pin": 42.0, "price": 2.50, "hex": 1E1, "yes": true, "n": 7 }]\n',
      'rows.csv': 'pin,price,hex,yes,n\n0042,2.50,0x1F,True,7\n',
    });
    expect(errors).toEqual([]);
    const written = ['0042 2.50 0x1F True 7', '0042 2.50 0x1F True 7', '42.0 2.50 1E1 true 7', '0042 2.50 0x1F True 7'];
    expect(files[0]!.conversations.map((c) => [c.name.replace(/ \[.*/, ''), ...inputsOf(c.turns)])).toEqual(
      ['i', 'y', 'j', 'c'].map((name, i) => [
        name,
        { kind: 'text', text: written[i] },
        { kind: 'text', text: '1.10 TRUE 7' },
      ]),
    );
    expect(files[0]!.conversations[0]!.name).toBe('i [pin=0042, price=2.50, hex=0x1F, yes=True, n=7]');
  });

  it('errors point at the row: file:line:col of a YAML row, the CSV line, or the inline row', async () => {
    const messages = await messagesOf({
      'a.yaml': `conversations:
  - { name: y, each: rows.yaml, turns: [{ user: "\${each.city} \${each.zip}" }] }
  - { name: c, each: rows.csv, turns: [{ user: "\${each.city}" }] }
  - name: i
    each:
      - { city: Paris }
      - { town: Rome, city: "[" }
    turns:
      - user: "\${each.city}"
        expect: [{ text: { matches: "\${each.city}" } }]
  - { name: t, each: [{ city: Paris }], turns: [{ user: "\${each.cty}" }] }
  - { name: d, each: [{ city: Paris }, { city: Paris }], turns: [{ user: "\${each.city}" }] }
`,
      'rows.yaml': '- { city: Lima, zip: "1" }\n- city: Quito\n',
      'rows.csv': 'city,zip\nParis,1\nRome\n',
    });
    expect(messages).toEqual([
      'a.yaml:7:9 conversations[2].each[1]: with this row, ' +
        'a.yaml:10:37 conversations[2].turns[0].expect[0].text.matches: ' +
        'invalid regular expression /[/: Unterminated character class',
      'a.yaml:11:57: ${each.cty}: no row of each: has "cty"; did you mean "city"?',
      'a.yaml:12:40 conversations[4].each[1]: duplicate conversation name "d [city=Paris]" ' +
        '(first defined at a.yaml:12:23)',
      'rows.csv:3:1: Invalid Record Length: columns length is 2, got 1 on line 3',
      'rows.yaml:2:3 [1]: this row has no "zip" (read by ${each.zip} at a.yaml:2:49)',
    ]);
  });

  it('a file a row names is found or reported at that row, from a CSV line or an inline row', async () => {
    const messages = await messagesOf({
      'a.yaml': `conversations:
  - name: inline
    each:
      - { f: a.txt }
      - { f: missing.txt }
    turns:
      - blob: { file: "\${each.f}", mimeType: text/plain }
      - user: plain
  - { name: csv, each: rows.csv, turns: [{ image: { file: "img/\${each.f}" } }] }
`,
      'a.txt': 'hi',
      'img/b.png': 'png',
      'rows.csv': 'f\nb.png\ngone.png\n',
    });
    expect(messages).toEqual([
      'a.yaml:5:9 conversations[0].each[1]: with this row, a.yaml:7:23 conversations[0].turns[0].blob.file: ' +
        'file "missing.txt" not found (looked for missing.txt)',
      'rows.csv:3:1: with this row, a.yaml:9:59 conversations[1].turns[0].image.file: ' +
        'file "img/gone.png" not found (looked for img/gone.png)',
    ]);
  });

  it('a data file is contained like an include: outside the project, missing or of another kind', async () => {
    const messages = await messagesOf({
      'a.yaml': `conversations:
  - { name: o, each: ../../etc/passwd.csv, turns: [{ user: "\${each.x}" }] }
  - { name: m, each: missing.csv, turns: [{ user: "\${each.x}" }] }
  - { name: k, each: rows.txt, turns: [{ user: "\${each.x}" }] }
`,
      'rows.txt': 'x\n1\n',
    });
    expect(messages).toEqual([
      expect.stringMatching(/^a\.yaml:2:22 conversations\[0\]\.each: the path leads outside the project/),
      'a.yaml:3:22 conversations[1].each: file "missing.csv" not found (looked for missing.csv)',
      'a.yaml:4:22 conversations[2].each: "rows.txt": a data file is .yaml, .yml, .json or .csv',
    ]);
  });

  it('${each.key} without each: and ${with.key} outside a step are errors where they are written', async () => {
    const messages = await messagesOf({
      'a.yaml': `conversations:
  - { name: x, turns: [{ user: "\${each.city}" }, { user: "\${with.pin}" }] }
  - { name: y, turns: [{ use: s, expect: [] }] }
steps:
  s: [{ user: hi }]
`,
    });
    expect(messages).toEqual([
      'a.yaml:2:32 conversations[0].turns[0].user: ${each.city} is read only in a conversation with each: ' +
        '(or in a step such a conversation uses); this one has none',
      'a.yaml:2:58 conversations[0].turns[1].user: ${with.pin} is read only in the turns of a step (steps:), ' +
        'from the with: of the turn that uses it',
      'a.yaml:3:34 conversations[1].turns[0].expect: a use: turn takes only with: ' +
        "(expect belongs in the step's own turns)",
    ]);
  });
});

describe('steps: reusable turn sequences', () => {
  const FRAGMENT = `steps:
  login:
    - event: WELCOME
    - dtmf: "\${with.pin}"
      expect:
        - text: { contains: verified }
`;

  it('a step of a fragment, used with parameters: its turns point at the definition and the use', async () => {
    const { files, errors } = await loadTree(
      {
        'specs/a.yaml': `include: [shared/steps.yaml]
steps:
  balance:
    - use: login
      with: { pin: "\${with.pin}" }
    - user: balance please
conversations:
  - name: x
    turns:
      - use: balance
        with: { pin: "1234#" }
      - user: bye
`,
        'specs/shared/steps.yaml': FRAGMENT,
      },
      ['specs/a.yaml'],
    );
    expect(errors).toEqual([]);
    const turns = files[0]!.conversations[0]!.turns;
    expect(inputsOf(turns)).toEqual([
      { kind: 'event', event: 'WELCOME' },
      { kind: 'dtmf', digits: '1234#' },
      { kind: 'text', text: 'balance please' },
      { kind: 'text', text: 'bye' },
    ]);
    const balanceUse = { step: 'balance', loc: { file: 'specs/a.yaml', line: 10, col: 14 } };
    const loginUse = { step: 'login', loc: { file: 'specs/a.yaml', line: 4, col: 12, via: balanceUse } };
    expect(turns[1]!.loc).toEqual({ file: 'specs/shared/steps.yaml', line: 4, col: 7, via: loginUse });
    expect(turns[1]!.expect[0]!.loc).toEqual({ file: 'specs/shared/steps.yaml', line: 6, col: 11, via: loginUse });
    expect(turns[2]!.loc).toEqual({ file: 'specs/a.yaml', line: 6, col: 7, via: balanceUse });
    expect(turns[3]!.loc).toEqual({ file: 'specs/a.yaml', line: 12, col: 9 });
  });

  it('steps and rows together: a row value passed as a parameter', async () => {
    const { files, errors } = await loadTree(
      {
        'a.yaml': `include: [steps.yaml]
conversations:
  - name: pin
    each: [{ pin: "1234#" }, { pin: "9999#" }]
    turns: [{ use: login, with: { pin: "\${each.pin}" } }]
`,
        'steps.yaml': FRAGMENT,
      },
      ['a.yaml'],
    );
    expect(errors).toEqual([]);
    expect(files[0]!.conversations.map((c) => [c.name, c.turns[1]!.input])).toEqual([
      ['pin [pin=1234#]', { kind: 'dtmf', digits: '1234#' }],
      ['pin [pin=9999#]', { kind: 'dtmf', digits: '9999#' }],
    ]);
  });

  it('errors name the use and the definition', async () => {
    const messages = await messagesOf({
      'a.yaml': `include: [steps.yaml]
steps:
  login: [{ user: again }]
  loop: [{ use: loop }]
  check: [{ user: x, expect: [{ text: { matches: "\${with.re}" } }] }]
conversations:
  - name: x
    turns:
      - use: logn
      - use: login
        with: { pn: "1" }
      - use: loop
      - use: check
        with: { re: "(" }
`,
      'steps.yaml': FRAGMENT,
    });
    expect(messages).toEqual([
      'a.yaml:3:3 steps.login: duplicate step name "login" (first defined at steps.yaml:2:3)',
      'a.yaml:4:17 steps.loop[0].use: step cycle: loop -> loop (in step "loop" used at a.yaml:12:14)',
      'a.yaml:5:50 steps.check[0].expect[0].text.matches: invalid regular expression /(/: Unterminated group ' +
        '(in step "check" used at a.yaml:13:14)',
      'a.yaml:9:14 conversations[0].turns[0].use: no step named "logn"; did you mean "login"?',
      // The fragment's login stands (the file's own is the duplicate): it needs pin.
      'a.yaml:10:14 conversations[0].turns[1].use: step "login" (defined at steps.yaml:2:3) needs with: pin',
      'a.yaml:11:17 conversations[0].turns[1].with.pn: step "login" (defined at steps.yaml:2:3) ' +
        'has no parameter "pn"; did you mean "pin"?',
    ]);
  });

  it('a parameter the step does not read, or one it needs and is not given', async () => {
    const messages = await messagesOf({
      'a.yaml': `include: [steps.yaml]
conversations:
  - name: x
    turns:
      - use: login
        with: { pn: "1" }
`,
      'steps.yaml': FRAGMENT,
    });
    expect(messages).toEqual([
      'a.yaml:5:14 conversations[0].turns[0].use: step "login" (defined at steps.yaml:2:3) needs with: pin',
      'a.yaml:6:17 conversations[0].turns[0].with.pn: step "login" (defined at steps.yaml:2:3) ' +
        'has no parameter "pn"; did you mean "pin"?',
    ]);
  });
});

describe('an empty value never makes a check vacuous', () => {
  it('a row value or a with: parameter that breaks the schema is an error at the row or the use', async () => {
    const messages = await messagesOf({
      'a.yaml': `steps:
  ask:
    - user: "\${with.q}"
      expect: [{ text: { matches: "\${with.p}" } }]
conversations:
  - name: csv
    each: rows.csv
    turns:
      - user: "my \${each.q}?"
        expect: [{ text: { contains: ["\${each.word}"] } }]
  - name: inline
    each: [{ q: "" }]
    turns: [{ user: "\${each.q}" }]
  - name: with
    turns:
      - use: ask
        with: { q: hello, p: "" }
`,
      'rows.csv': 'q,word\nbalance,Your balance\nbalance,\n',
    });
    expect(messages).toEqual([
      'a.yaml:4:35 steps.ask[0].expect[0].text.matches: must not be empty (in step "ask" used at a.yaml:16:14)',
      'a.yaml:12:12 conversations[1].each[0]: with this row, a.yaml:13:21 conversations[1].turns[0].user: ' +
        'must not be empty',
      'rows.csv:3:1: with this row, a.yaml:10:39 conversations[0].turns[0].expect[0].text.contains[0]: ' +
        'must not be empty',
    ]);
  });

  it('an empty text check is an error: written, or from a variable that is set but empty', async () => {
    const messages = await messagesOf(
      {
        'a.yaml': `conversations:
  - name: x
    turns:
      - user: hi
        expect:
          - text: { contains: "\${env.GREETING}" }
          - text: "\${env.GREETING}"
          - text: { contains: [hi, ""] }
          - transcript: { contains: "" }
          - text: { equals: "" }
          - not: { text: { oneOf: [""] } }
`,
      },
      { GREETING: '' },
    );
    // equals "" and oneOf [""] are real checks: the agent said nothing.
    expect(messages).toEqual([
      'a.yaml:6:31 conversations[0].turns[0].expect[0].text.contains: must not be empty',
      'a.yaml:7:19 conversations[0].turns[0].expect[1].text: must not be empty',
      'a.yaml:8:36 conversations[0].turns[0].expect[2].text.contains[1]: must not be empty',
      'a.yaml:9:37 conversations[0].turns[0].expect[3].transcript.contains: must not be empty',
    ]);
  });
});

describe('a reference in a mapping key', () => {
  it('${each.k}, ${with.k} and ${env.X} (set or not) in a key are errors at the key: never substituted', async () => {
    const messages = await messagesOf(
      {
        'a.yaml': `steps:
  s:
    - user: hi
      expect: [{ toolCall: { name: lookup_account, args: { "\${with.field}": "\${with.v}" } } }]
conversations:
  - name: rows
    each: [{ var: authenticated }]
    variables: { "\${each.var}": true }
    turns:
      - use: s
        with: { field: account_id, v: ACC-1 }
  - name: env
    variables: { "\${env.SET}": true, "\${env.UNSET}": true }
    turns: [{ user: hi }]
`,
      },
      { SET: 'authenticated' },
    );
    const stays = 'in a key stays as written (only values are substituted): write the key itself';
    expect(messages).toEqual([
      `a.yaml:4:60 steps.s[0].expect[0].toolCall.args["\${with.field}"]: \${with.field} ${stays}`,
      `a.yaml:8:18 conversations[0].variables["\${each.var}"]: \${each.var} ${stays}`,
      `a.yaml:13:18 conversations[1].variables["\${env.SET}"]: \${env.SET} ${stays}`,
      `a.yaml:13:38 conversations[1].variables["\${env.UNSET}"]: \${env.UNSET} ${stays}`,
    ]);
  });
});
