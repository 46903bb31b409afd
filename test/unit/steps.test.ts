// The step runner's walk: numbering on the current path, Back to the last step that asked, answers and drafts kept, Esc.
import * as assert from 'node:assert/strict';
import { LeftStep, runSteps, type Step, type StepPlace } from '../../src/ui/steps';

interface Answers {
  branch?: boolean;
  a?: string;
  b?: string;
  c?: string;
}

/** What a scripted user does at a shown step: answer (leaving `text` in the prompt), go Back holding `text`, or Esc. */
type Move = { answer: string; text?: string } | { back: string } | 'esc';

/** Steps that record every showing (name, number, total, Back offered, draft) and follow `moves` in order. */
function scripted(moves: Move[]): { steps: (name: keyof Answers, when?: (s: Answers) => boolean) => Step<Answers>; seen: string[] } {
  const seen: string[] = [];
  const steps = (name: keyof Answers, when?: (s: Answers) => boolean): Step<Answers> => ({
    when,
    run: async (place: StepPlace, state) => {
      place.shown();
      seen.push(`${name} ${place.step}/${place.totalSteps}${place.canGoBack ? ' back' : ''}${place.draft === undefined ? '' : ` draft=${place.draft}`}`);
      const move = moves.shift();
      assert.ok(move, `no move left for step ${name}`);
      if (move === 'esc') throw new LeftStep('cancel');
      if ('back' in move) {
        place.left(move.back);
        throw new LeftStep('back');
      }
      place.left(move.text ?? move.answer);
      return { ...state, [name]: name === 'branch' ? move.answer === 'yes' : move.answer };
    },
  });
  return { steps, seen };
}

describe('runSteps', () => {
  it('numbers the steps and resolves with every answer', async () => {
    const { steps, seen } = scripted([{ answer: '1' }, { answer: '2' }, { answer: '3' }]);
    const result = await runSteps([steps('a'), steps('b'), steps('c')], {});
    assert.deepEqual(result, { a: '1', b: '2', c: '3' });
    assert.deepEqual(seen, ['a 1/3', 'b 2/3 back', 'c 3/3 back']);
  });

  it('goes Back to the previous step with what it held, and keeps the later answer and draft for the way forward', async () => {
    const { steps, seen } = scripted([
      { answer: 'name' },
      { answer: 'vpc' },
      { back: '' },
      { back: 'vpc typed' },
      { answer: 'name' },
      { answer: 'vpc' },
      { answer: 'ok' },
    ]);
    const result = await runSteps([steps('a'), steps('b'), steps('c')], {});
    assert.deepEqual(result, { a: 'name', b: 'vpc', c: 'ok' });
    assert.deepEqual(seen, [
      'a 1/3',
      'b 2/3 back',
      'c 3/3 back',
      'b 2/3 back draft=vpc',
      'a 1/3 draft=name',
      'b 2/3 back draft=vpc typed',
      'c 3/3 back draft=',
    ]);
  });

  it('Esc at any step resolves undefined and runs no later step', async () => {
    for (let at = 0; at < 3; at++) {
      const { steps, seen } = scripted([...Array.from({ length: at }, (_, i) => ({ answer: String(i) })), 'esc']);
      assert.equal(await runSteps([steps('a'), steps('b'), steps('c')], {}), undefined);
      assert.equal(seen.length, at + 1);
    }
  });

  it('a step resolving undefined ends the flow', async () => {
    const end: Step<Answers> = { run: async () => undefined };
    const { steps, seen } = scripted([{ answer: '1' }]);
    assert.equal(await runSteps([steps('a'), end, steps('c')], {}), undefined);
    assert.deepEqual(seen, ['a 1/3']);
  });

  it('counts a branch only while it is on the path, and skips it when an earlier answer takes it off', async () => {
    const { steps, seen } = scripted([{ answer: 'yes' }, { answer: 'x' }, { back: 'x' }, { back: '' }, { answer: 'no' }, { answer: 'z' }]);
    const onBranch = (s: Answers): boolean => s.branch === true;
    const result = await runSteps([steps('branch'), steps('a', onBranch), steps('b', onBranch), steps('c')], {});
    assert.deepEqual(result, { branch: false, a: 'x', c: 'z' });
    assert.deepEqual(seen, ['branch 1/2', 'a 2/4 back', 'b 3/4 back', 'a 2/4 back draft=x', 'branch 1/4 draft=yes', 'c 2/2 back']);
  });

  it('Back passes over a step that answered without asking', async () => {
    const auto: Step<Answers> = { run: async (_place, s) => ({ ...s, b: 'only choice' }) };
    const { steps, seen } = scripted([{ answer: '1' }, { back: '' }, { answer: '2' }, { answer: '3' }]);
    const result = await runSteps([steps('a'), auto, steps('c')], {});
    assert.deepEqual(result, { a: '2', b: 'only choice', c: '3' });
    assert.deepEqual(seen, ['a 1/3', 'c 3/3 back', 'a 1/3 draft=1', 'c 3/3 back draft=']);
  });

  it('offers no Back when no earlier step asked', async () => {
    const auto: Step<Answers> = { run: async (_place, s) => ({ ...s, a: 'auto' }) };
    const { steps, seen } = scripted([{ answer: 'b' }]);
    await runSteps([auto, steps('b')], {});
    assert.deepEqual(seen, ['b 2/2']);
  });

  it('lets other errors through', async () => {
    const broken: Step<Answers> = {
      run: async () => {
        throw new Error('boom');
      },
    };
    await assert.rejects(runSteps([broken], {}), /boom/);
  });
});
