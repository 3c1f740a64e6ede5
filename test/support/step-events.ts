/** The real Step Through a Sentence stream (the engine's numbers) for view-model tests that may not import src/demos. */
import type { DemoEvent } from '../../src/shared/events';
import { stepDemo } from '../../src/demos/step';

export async function stepDemoEvents(seed = 1234): Promise<DemoEvent[]> {
  const events: DemoEvent[] = [];
  for await (const e of stepDemo({ seed })) events.push(e);
  return events;
}
