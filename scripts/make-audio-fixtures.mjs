// Generates the demo's audio fixtures (run once, by hand; the output is committed):
//   node scripts/make-audio-fixtures.mjs
// Synthesises a few short utterances with espeak-ng (Debian package), writes them as 16 kHz
// mono WAVs under specs/demo/audio/, and writes specs/demo/audio/transcripts.json: the
// emulator's stand-in for speech recognition, mapping each utterance's transcript key to its
// text. A key is listed for each wire format the demo should recognise (16 kHz LINEAR16, the
// default, and 8 kHz MULAW / ALAW for telephony configs), since G.711 and resampling change
// the audio the emulator hears (src/audio/fingerprint.ts).
//
// It uses src/audio itself (compiled on the fly into node_modules/.cache, so it does not need
// a full build) so that the keys are computed by the very code the emulator runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'specs/demo/audio');
const RATE = 16000;
const UTTERANCES = {
  'balance.wav': 'what is my balance',
  'human.wav': 'I want to talk to a human',
  'bye.wav': 'goodbye',
};
const WIRE_FORMATS = [
  { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 },
  { audioEncoding: 'MULAW', sampleRateHertz: 8000 },
  { audioEncoding: 'ALAW', sampleRateHertz: 8000 },
];

const audio = await loadAudioModule();
const synth = audio.createSynthesizer({ synthesizer: 'espeak', voice: 'en-us' });
const transcripts = {};
mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(UTTERANCES)) {
  const pcm = await synth.synthesize(text, { sampleRateHertz: RATE });
  // Keep only 100 ms of espeak's own padding each side: smaller files, same key.
  const speech = audio.trimSilence(pcm, RATE);
  const pad = Buffer.alloc((RATE / 10) * 2);
  const wavPath = join(outDir, file);
  writeFileSync(wavPath, audio.encodeWav(Buffer.concat([pad, speech, pad]), { sampleRateHertz: RATE }));
  // Keys from the file as written and read back: exactly what a client will send.
  const sent = audio.decodeWav(readFileSync(wavPath));
  for (const wire of WIRE_FORMATS) transcripts[audio.transcriptKeyFor(sent.pcm, sent.sampleRateHertz, wire)] = text;
  console.log(`${file}: "${text}", ${(speech.length / 2 / RATE).toFixed(2)} s, ${statSync(wavPath).size} bytes`);
}
writeFileSync(join(outDir, 'transcripts.json'), `${JSON.stringify(transcripts, null, 2)}\n`);
console.log(`transcripts.json: ${Object.keys(transcripts).length} keys`);

async function loadAudioModule() {
  const out = join(root, 'node_modules/.cache/cxas-audio-fixtures');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      join(root, 'src/audio/index.ts'),
      '--outDir',
      out,
      '--rootDir',
      join(root, 'src'),
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--target',
      'ES2022',
      '--strict',
      '--skipLibCheck',
      '--types',
      'node',
      '--declaration',
      'false',
    ],
    { stdio: 'inherit' },
  );
  return import(pathToFileURL(join(out, 'audio/index.js')).href);
}
