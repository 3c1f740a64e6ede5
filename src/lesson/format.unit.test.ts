import { strict as assert } from 'node:assert';
import { EVENTS_MIME, readLesson, writeLesson, LessonFormatError, type Lesson } from './format';

const LESSON: Lesson = {
  metadata: { title: 'RNN', answers: { 'q-step': { guess: '3', correct: false } } },
  cells: [
    { kind: 'markdown', source: '# One\n\nTwo lines\nthree' },
    {
      kind: 'unrolled',
      source: 'step --sentence "this movie"',
      question: { prompt: 'Which word?', id: 'q-step', ask: 'smallest-gradient-word' },
      outputs: [{ items: [{ mime: EVENTS_MIME, data: '{"format":"unrolled-recording","version":1,"events":[]}' }, { mime: 'text/plain', data: 'Loss: 0.4097\nline 2\n' }], metadata: { z: 1, a: 2 } }],
      metadata: { executionOrder: 3 },
    },
    { kind: 'unrolled', source: '' },
  ],
};

function refused(text: string): string {
  try {
    readLesson(text, 'rnn.unrolled-lesson');
  } catch (e) {
    assert.ok(e instanceof LessonFormatError);
    return e.message;
  }
  throw new Error('expected the lesson to be refused');
}

describe('lesson file format', () => {
  it('round-trips: read(write(x)) equals x and writing again gives the same bytes', () => {
    const text = writeLesson(LESSON);
    const back = readLesson(text);
    assert.deepEqual(back.cells.map((c) => c.source), LESSON.cells.map((c) => c.source));
    assert.deepEqual(back.cells[1].question, LESSON.cells[1].question);
    assert.deepEqual(back.cells[1].outputs?.[0].items, LESSON.cells[1].outputs?.[0].items);
    assert.deepEqual(back.metadata, LESSON.metadata);
    assert.equal(writeLesson(back), text);
  });

  it('is diff-friendly: 2-space indent, stable key order, one cell per entry, sources as lines', () => {
    const text = writeLesson(LESSON);
    const o = JSON.parse(text);
    assert.deepEqual(Object.keys(o), ['format', 'version', 'metadata', 'cells']);
    assert.deepEqual(Object.keys(o.cells[1]), ['kind', 'source', 'question', 'outputs', 'metadata']);
    assert.deepEqual(Object.keys(o.cells[1].question), ['ask', 'id', 'prompt'], 'sorted');
    assert.deepEqual(Object.keys(o.cells[1].outputs[0].metadata), ['a', 'z'], 'sorted');
    assert.deepEqual(o.cells[0].source, ['# One\n', '\n', 'Two lines\n', 'three']);
    assert.equal(o.cells[1].outputs[0].items[0].data, '{"format":"unrolled-recording","version":1,"events":[]}', 'the events as one string');
    assert.deepEqual(o.cells[1].outputs[0].items[1].data, ['Loss: 0.4097\n', 'line 2\n']);
    assert.match(text, /^\{\n {2}"format": "unrolled-lesson",\n/);
    assert.ok(text.endsWith('}\n'));
    // Changing one cell's source changes only that cell's lines.
    const edited = writeLesson({ ...LESSON, cells: LESSON.cells.map((c, i) => (i === 0 ? { ...c, source: '# Uno\n\nTwo lines\nthree' } : c)) });
    const diff = text.split('\n').filter((l, i) => l !== edited.split('\n')[i]);
    assert.deepEqual(diff, ['        "# One\\n",']);
  });

  it('an empty file is an empty lesson (File > New)', () => {
    assert.deepEqual(readLesson(''), { metadata: {}, cells: [] });
  });

  it('bad files are refused with the part at fault named', () => {
    assert.match(refused('{nope'), /^rnn\.unrolled-lesson: not valid JSON/);
    assert.equal(refused('{"format":"x","version":1,"cells":[]}'), 'rnn.unrolled-lesson: "format" must be "unrolled-lesson", not "x"');
    assert.equal(refused('{"format":"unrolled-lesson","version":2,"cells":[]}'), 'rnn.unrolled-lesson: version 2 is not supported (this build reads version 1)');
    assert.equal(refused('{"format":"unrolled-lesson","version":1,"cells":[{"kind":"code","source":""}]}'), 'rnn.unrolled-lesson: cells[0].kind must be "markdown" or "unrolled", not "code"');
    assert.equal(refused('{"format":"unrolled-lesson","version":1,"cells":[{"kind":"unrolled","source":3}]}'), 'rnn.unrolled-lesson: cells[0].source must be a string or an array of strings');
    assert.match(refused('{"format":"unrolled-lesson","version":1,"cells":[{"kind":"unrolled","source":"","question":{"id":"q","prompt":"?","ask":"guess"}}]}'), /^rnn\.unrolled-lesson: cells\[0\]\.question: "ask" must be one of smallest-gradient-word/);
    assert.equal(refused('{"format":"unrolled-lesson","version":1,"cells":[{"kind":"unrolled","source":"","outputs":[{"items":[{"data":1}]}]}]}'), 'rnn.unrolled-lesson: cells[0].outputs[0].items[0] must be an object with a "mime" string');
  });
});
