/**
 * A question cell's box in a notebook output: the prompt, the choices (the words the cell read, or the
 * answers), and after the student's pick the engine's answer with right or wrong. The engine's answer
 * comes from the cell's own events (src/lesson/questions.ts); the view under the box stays hidden until
 * the student has guessed (or chooses to look without guessing), so the picture does not give it away.
 */
import type { DemoEvent } from '../../src/shared/events';
import { choicesFor, engineAnswer, isCorrect, type Question } from '../../src/shared/questions';
import { el, button } from '../render/dom';

export interface QuestionBoxOptions {
  question: Question;
  events: readonly DemoEvent[];
  /** A guess kept from before (the notebook's metadata), shown revealed. */
  saved?: string;
  /** The student picked (or cleared, with guess undefined). */
  onGuess: (guess: string | undefined, correct: boolean | undefined) => void;
  /** Show or hide what the question is about. */
  onReveal: (shown: boolean) => void;
}

export class QuestionBox {
  readonly root = el('section', { class: 'lesson-question', 'aria-label': 'Question' });
  private guess: string | undefined;
  private peeked = false;

  constructor(private readonly o: QuestionBoxOptions) {
    this.guess = o.saved;
    this.render();
  }

  /** The host answered with the guess kept in the notebook. */
  setSaved(guess: string | undefined): void {
    if (guess === this.guess) return;
    this.guess = guess;
    this.render();
  }

  pick(id: string): void {
    this.guess = id;
    const c = isCorrect(this.o.question, this.o.events, id);
    this.o.onGuess(id, c.ok ? c.value : undefined);
    this.render();
  }

  private render(): void {
    const { question: q, events } = this.o;
    const choices = choicesFor(q, events);
    const answer = engineAnswer(q, events);
    const revealed = this.guess !== undefined;
    const kids: Node[] = [el('h3', { class: 'q-kicker', text: 'Predict, then reveal' }), el('p', { class: 'q-prompt', text: q.prompt })];
    const words = q.ask.endsWith('-word');
    const list = el('div', { class: `q-choices${words ? ' words' : ''}`, role: 'group', 'aria-label': words ? 'Pick a word' : 'Pick an answer' });
    for (const c of choices) {
      const mark = !revealed ? '' : answer.ok && c.id === answer.value.answer ? ' answer' : c.id === this.guess ? ' wrong' : '';
      const b = button(c.label, words ? `Guess the word “${c.label}” (word ${Number(c.id) + 1})` : `Answer: ${c.label}`, () => this.pick(c.id));
      b.className = `q-choice${mark}${c.id === this.guess ? ' picked' : ''}`;
      b.setAttribute('aria-pressed', String(c.id === this.guess));
      b.dataset.choice = c.id;
      list.append(b);
    }
    kids.push(list);
    if (!answer.ok) {
      kids.push(el('p', { class: 'q-result error', text: `No answer to reveal: ${answer.reason}` }));
    } else if (revealed) {
      const right = this.guess === answer.value.answer;
      const label = (id: string): string => choices.find((c) => c.id === id)?.label ?? id;
      kids.push(el('p', { class: `q-result ${right ? 'right' : 'wrong'}`, role: 'status' },
        el('strong', { text: right ? '✓ Right. ' : '✗ Not this time. ' }),
        `You picked “${label(this.guess!)}”; the engine says “${label(answer.value.answer)}”. ${answer.value.explain}`));
      kids.push(el('div', { class: 'q-actions' }, button('Ask me again', 'Clear your guess and hide the answer', () => {
        this.guess = undefined;
        this.peeked = false;
        this.o.onGuess(undefined, undefined);
        this.render();
      })));
    } else {
      kids.push(el('div', { class: 'q-actions' },
        el('span', { class: 'hint', text: words ? 'Click a word to guess. ' : 'Pick an answer. ' }),
        button(this.peeked ? 'Hide the output' : 'Show the output without guessing', 'Show or hide the cell\'s output', () => {
          this.peeked = !this.peeked;
          this.render();
        })));
    }
    this.root.replaceChildren(...kids);
    this.o.onReveal(revealed || this.peeked);
  }
}
