// Writes media/lessons/rnn.unrolled-lesson (the lesson shipped with the extension) through the lesson
// format's own writer, so the file is exactly as the serializer saves it. Edit the prose here, then run
// `npx tsx scripts/make-rnn-lesson.ts`.
import { writeFileSync } from 'node:fs';
import { writeLesson, type Lesson } from '../src/lesson/format';
const md = (s: string) => ({ kind: 'markdown' as const, source: s.trim() + '\n' });
const L: Lesson = {
  metadata: { title: 'Watch an RNN think: the RNN sentiment notebook in seven demos' },
  cells: [
    md(`# Watch an RNN think

This lesson is the RNN sentiment notebook's seven demos, in its order, each one cell you run with the
Unrolled engine. A cell holds one command in the same words as the \`unrolled\` command line — you can
paste it into a terminal after \`unrolled\` and get the same figures.

**How to work through it.** Read the text, then answer the question above each output *before* you look:
click a word or an answer and the engine's own answer is revealed, with the figures behind it. Your
guesses stay in this file (in its metadata); nothing is sent anywhere. **Run All** runs the cells in order;
a model trained in one cell is the model later cells use, as in a Jupyter kernel.

In every output (click it first): **Space** plays and pauses, **←/→** step, hover a cell of the network to see its values,
click to pin it, and **1/2/3** switch between the Network, Training and Predict views.`),
    md(`## 1 · One word at a time

The notebook starts with the simplest recurrent network: each word is a one-hot vector, and
\`hidden = i2h(cat(x, h))\`, \`output = h2o(cat(x, h))\` — no nonlinearity yet. The cell below reads
*this movie was absolutely amazing and wonderful* word by word, computes the loss against class 0, runs
one backward pass and takes one SGD step (lr 0.1).

**What to look for:** each column is a timestep; the coloured squares are the hidden vector after that
word. The arrows from column to column are the recurrence — the only way a later step knows an earlier
word. Play on past the last word: the backward pass runs from the last word to the first, and the orange
bars show how much gradient reaches each step's hidden state (‖∂L/∂h_t‖, on a log scale).`),
    { kind: 'unrolled', source: 'step --sentence "this movie was absolutely amazing and wonderful"',
      question: { id: 'step-smallest-gradient', ask: 'smallest-gradient-word', prompt: 'After the backward pass, which word\'s input gets the smallest gradient ‖∂L/∂x‖?' } },
    md(`## 2 · Train on IMDB

Now the real model: 2,000 IMDB reviews, a 5,000-word vocabulary, GloVe embeddings, two stacked tanh
layers of 64 units, Adam at 0.001, batches of 32, 80 % to train and 20 % (400 reviews) to test; three
epochs here to keep the lesson quick (the notebook ran five: change the number and run the cell again).
This cell trains the *improved* preset: the classifier reads the mean of the hidden states over the
review's real words (up to 200 of them) and the gradient norm is clipped to 5. The notebook's own
readout comes back in the last cell.

**What to look for:** in the Training view, the loss per batch falls and the training accuracy climbs
epoch by epoch; the test accuracy is measured once, on reviews the model never trained on. The network
view shows one test review read by the model after each epoch.`),
    { kind: 'unrolled', source: 'train --epochs 3',
      question: { id: 'train-test-accuracy', ask: 'test-accuracy-above', threshold: 70, prompt: 'Will the trained model classify more than 70 % of the 400 test reviews correctly?' } },
    md(`## 3 · Predict a sentiment

The notebook's \`predict_sentiment\`: the model trained above reads one review and answers with a label,
its confidence and the gradient norm of layer 0's recurrent weights. Change the text and run the cell
again to ask about a review of your own.

**What to look for:** in the Predict view, each word is tinted by its contribution to the *positive*
logit (red towards positive, blue towards negative). In the Network view the Output box stays blank
until the forward pass reaches the readout.`),
    { kind: 'unrolled', source: 'predict --text "This movie was fantastic and I loved it!"',
      question: { id: 'predict-class', ask: 'predicted-class', prompt: 'How will the model classify “This movie was fantastic and I loved it!”?' } },
    md(`## 4 · Which words decided it?

Analyze reads a longer text with the same model and reports, for every word it read, the running
probability of *positive* (had the review ended there) and the word's contribution to the decision. The
review below is mixed on purpose: it complains, then turns.

**What to look for:** the running P(positive) row under the network — where does it turn? Which words
are strongly coloured, and which are nearly blank?`),
    { kind: 'unrolled', source: 'analyze --text "The plot was dull and the acting was wooden, but the ending was wonderful and I left smiling."',
      question: { id: 'analyze-strongest', ask: 'strongest-word', prompt: 'Which word pushes the model\'s decision hardest, one way or the other?' } },
    md(`## 5 · Exploding gradients

Backpropagation through time multiplies by the recurrent weights once per step. Here they are drawn from
N(0, 2²) — far too large — and the network reads 50 random tokens. The notebook prints the gradient norm
of \`rnn_cells.0.h2h.weight\` before and after \`clip_grad_norm_\` with a limit of 5.

**What to look for:** the orange gradient bars grow step by step *backwards* (from the last token to the
first). After clipping the whole gradient is rescaled to norm 5, so the direction survives but the size
does not.`),
    { kind: 'unrolled', source: 'explode --std 2',
      question: { id: 'explode-clip', ask: 'clipping-needed', prompt: 'Will the gradient norm before clipping be larger than the limit of 5?' } },
    md(`## 6 · Vanishing gradients

The opposite problem: recurrent weights from N(0, 0.1²), far too small. The cell backpropagates the
loss through a sequence of 100 tokens and through one of 4, and prints the gradient that reaches the
*first* token's embedding in each.

**What to look for:** use **[** and **]** (or the sequence slider) to switch between the two sequences.
In the long one the bars fall by many decades (the scale is logarithmic) on the way back: each step
multiplies by small weights and by tanh's slope.`),
    { kind: 'unrolled', source: 'vanish --std 0.1',
      question: { id: 'vanish-first-token', ask: 'larger-first-token-gradient', prompt: 'In which sequence does the first token get the larger gradient?' } },
    md(`## 7 · Why the notebook scored 52 %

The notebook classified from **one state: the top layer's after position 100** — after the padding of a
short review, or after the 100th word of a long one. The loss reaches a word only through up to 100 tanh
steps, and (as the last cell showed) the gradient vanishes on the way. This cell trains the notebook's
\`final\` readout and the improved mean readout side by side, on the same data, split and seed.

**What to look for:** the two loss curves in the Training view, and each run's test accuracy at its head.
One of them stays near a coin toss.`),
    { kind: 'unrolled', source: 'compare --epochs 3',
      question: { id: 'compare-better', ask: 'better-series', prompt: 'Which readout scores the higher test accuracy?' } },
    md(`## Going further

Edit any cell and run it again: \`train --epochs 2 --readout final\`, \`vanish --std 0.5\`,
\`explode --length 200\`, \`predict --text "…"\` with a review of your own. \`unrolled <command> --help\` in a
terminal lists every option; a mistake in a cell is reported with the column where it is.`),
  ],
};
writeFileSync(process.argv[2] ?? 'media/lessons/rnn.unrolled-lesson', writeLesson(L));
