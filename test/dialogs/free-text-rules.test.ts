import { describe, expect, it } from 'vitest';
import { start, step, type ConversationSnapshot } from '../../src/bot/snapshot.js';
import type {
  AnswerValue,
  ConversationEvent,
  ConversationInput,
  NoticedEvent,
} from '../../dialogs/conversation.setup.js';
import type { Intent, OutcomeIntent } from '../../dialogs/intents.js';
import type { QuestionId } from '../../dialogs/questions.js';

/** CLINICAL §2d rules 2–4 from free text and answers, carers and questions about a sign (§2f), at the machine. */

const ans = (questionId: QuestionId, value: AnswerValue): ConversationEvent => ({ type: 'ANSWER', questionId, value });
const noticed = (e: Partial<Omit<NoticedEvent, 'type'>>): ConversationEvent => ({
  type: 'NOTICED',
  emergency: [],
  possible: [],
  others: [],
  crisis: false,
  ...e,
});

/** A conversation driven event by event; `intents` are those of the last event. */
class Run {
  s: ConversationSnapshot;
  intents: Intent[];
  constructor(input: ConversationInput = { country: 'GB' }) {
    ({ snapshot: this.s, intents: this.intents } = start(input));
    this.send({ type: 'DAY', today: '2026-03-02' });
  }
  send(e: ConversationEvent): this {
    ({ snapshot: this.s, intents: this.intents } = step(this.s, e));
    return this;
  }
  /** Answers the pending question. */
  answer(value: AnswerValue): this {
    return this.send(ans(this.s.context.asking!, value));
  }
  /** Answers every question with the usual "nothing wrong" answer (or `answers`) until `until` is asked or an outcome comes. */
  through(answers: Partial<Record<string, AnswerValue>> = {}, until?: QuestionId): this {
    for (let i = 0; i < 40 && !this.outcome && this.s.context.asking !== until; i++) {
      const id = this.s.context.asking!;
      this.answer(answers[id] ?? usual(id));
    }
    return this;
  }
  get asking(): QuestionId | null {
    return this.s.context.asking;
  }
  get outcome(): OutcomeIntent | undefined {
    return this.intents.find((i): i is OutcomeIntent => i.type === 'outcome');
  }
  get said(): string[] {
    return this.intents.flatMap((i) => (i.type === 'say' ? [i.id] : []));
  }
}

function usual(id: QuestionId): AnswerValue {
  if (id === 'consent') return 'agree';
  if (id === 'age') return 40;
  if (id.startsWith('redflags.')) return [];
  if (id.startsWith('redflag.')) return 'no';
  if (id === 'pain.left') return 'thigh';
  if (id === 'pain.right') return 'none';
  return 2;
}

describe('rules 2–4 from free text, at once (CLINICAL §2d, §2f)', () => {
  it('gives the emergency in the turn of the second mention of rule 2, however far apart', () => {
    const run = new Run().answer('agree');
    run.send(noticed({ others: ['cancer_history'] }));
    expect(run.outcome).toBeUndefined();
    expect(run.said).toEqual(['noticed']);
    run.through({}, 'redflags.infection');
    run.send(noticed({ others: ['progressive_weakness'] }));
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['cancer_history', 'progressive_weakness'] });
    expect(run.s.context.emergencyLock).toBe(true);
  });

  it('gives the emergency for rule 3 (fever, then a weakening leg) from two messages', () => {
    const run = new Run().answer('agree').answer(50);
    run.send(noticed({ others: ['fever'] }));
    expect(run.outcome).toBeUndefined();
    run.answer('no').answer('no');
    run.send(noticed({ others: ['progressive_weakness'] }));
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['fever', 'progressive_weakness'] });
  });

  it('gives the emergency for rule 3 in one message that carries both', () => {
    const run = new Run();
    run.send(noticed({ others: ['fever', 'progressive_weakness'] }));
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['fever', 'progressive_weakness'] });
  });

  it('gives the emergency for rule 4 when breathlessness follows a swollen calf in free text', () => {
    const run = new Run().answer('agree');
    run.send(noticed({ breathless: true }));
    expect(run.outcome).toBeUndefined();
    expect(run.asking).toBe('age');
    run.send(noticed({ others: ['calf_swelling'] }));
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['calf_swelling', 'breathless'] });
  });

  it('asks redflag.breathless after a swollen calf in free text; yes gives the emergency', () => {
    const run = new Run().answer('agree');
    run.send(noticed({ others: ['calf_swelling'] }));
    expect(run.asking).toBe('redflag.breathless');
    run.answer('yes');
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['calf_swelling', 'breathless'] });
  });

  it('goes back to the pending question when redflag.breathless is answered no, and counts the calf', () => {
    const run = new Run().answer('agree');
    run.send(noticed({ others: ['calf_swelling'] }));
    run.answer('no');
    expect(run.asking).toBe('age');
    run.through();
    expect(run.outcome).toMatchObject({ disposition: 'urgent', flags: ['calf_swelling'] });
  });

  it('does not ask redflag.breathless when the same message says so: the emergency at once', () => {
    const run = new Run();
    run.send(noticed({ others: ['calf_swelling'], breathless: true }));
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['calf_swelling', 'breathless'] });
  });
});

describe('rules 2–4 from answers', () => {
  it('asks redflag.breathless when a swollen calf is ticked, then goes on with the screen', () => {
    const run = new Run().through({}, 'redflags.nerves');
    run.answer(['calf_swelling']);
    expect(run.asking).toBe('redflag.breathless');
    run.answer('no');
    expect(run.asking).toBe('redflags.bones');
    run.through();
    expect(run.outcome).toMatchObject({ disposition: 'urgent', flags: ['calf_swelling'], unsure: [] });
  });

  it('gives the emergency when redflag.breathless is answered yes (rule 4)', () => {
    const run = new Run().through({ 'redflags.nerves': ['calf_swelling'] }, 'redflag.breathless');
    run.answer('yes');
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['calf_swelling', 'breathless'] });
    expect(run.intents.find((i) => i.type === 'record')).toMatchObject({
      data: { disposition: 'emergency', flags: ['calf_swelling', 'breathless'] },
    });
  });

  it('counts "not sure" on redflag.breathless as at least urgent, with the "if it is true" note', () => {
    const run = new Run().through({ 'redflags.nerves': ['calf_swelling'], 'redflag.breathless': 'unsure' });
    expect(run.outcome).toMatchObject({
      disposition: 'urgent',
      flags: ['calf_swelling', 'breathless'],
      unsure: ['breathless'],
    });
  });

  it('gives the emergency as soon as the group answer completes rule 2, without finishing the screen', () => {
    const run = new Run().through({ 'redflags.cancer': ['cancer_history'] }, 'redflags.nerves');
    run.answer(['progressive_weakness']);
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['cancer_history', 'progressive_weakness'] });
  });

  it('keeps rule 2 across a check-in: cancer told at the intake, a weakening leg at the check-in', () => {
    const run = new Run().through({ 'redflags.cancer': ['cancer_history'] });
    expect(run.outcome?.disposition).toBe('urgent');
    run.send({ type: 'COMMAND', command: 'checkin' });
    run.through({}, 'redflags.nerves');
    expect(run.s.context.answers.cancer_history).toBeUndefined();
    run.answer(['progressive_weakness']);
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['cancer_history', 'progressive_weakness'] });
  });

  it('keeps a history of cancer from an earlier conversation (input) for rule 2', () => {
    const run = new Run({ country: 'US', returning: true, earlier: ['cancer_history'] });
    run.answer('yes');
    run.through({}, 'redflags.nerves');
    run.answer(['progressive_weakness']);
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['cancer_history', 'progressive_weakness'] });
  });

  it('gives the emergency when an exercise brings new numbness or weakness after a history of cancer', () => {
    const run = new Run({ country: 'GB', earlier: ['cancer_history'] }).through();
    expect(run.outcome?.disposition).toBe('self_care');
    run.answer(0);
    // Without history handed in, today's session is phase 1's (pelvic tilts among them).
    run.send({ type: 'COMMAND', command: 'exercises' });
    run.answer('pelvic_tilt').answer('thigh');
    run.answer('stop').answer('foot');
    expect(run.asking).toBe('exercise.numbness');
    run.answer('yes');
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['cancer_history', 'new_leg_deficit'] });
  });
});

describe('a carer writing for someone else (CLINICAL §2f)', () => {
  it('gives the same emergency escalation, and speaks of the person with the pain from then on', () => {
    const run = new Run();
    run.send(noticed({ emergency: ['urinary_retention'], carer: true }));
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['urinary_retention'] });
    expect(run.s.context.carer).toBe(true);
    run.send({ type: 'COMMAND', command: 'restart' });
    expect(run.s.context.carer).toBe(true);
  });

  it('asks the catalog question of a flag hinted at for someone else, and keeps the carer flag', () => {
    const run = new Run().answer('agree');
    run.send(noticed({ possible: ['bowel_incontinence'], carer: true }));
    expect(run.asking).toBe('redflag.bowel_incontinence');
    expect(run.s.context.carer).toBe(true);
    run.answer('yes');
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['bowel_incontinence'] });
  });

  it('does not switch to the carer wording for a patient writing about themselves', () => {
    const run = new Run();
    run.send(noticed({ emergency: ['urinary_retention'] }));
    expect(run.s.context.carer).toBe(false);
  });
});

describe('a question about a sign (CLINICAL §2f)', () => {
  it('answers it plainly and asks the catalog question, not an emergency outcome', () => {
    const run = new Run().answer('agree');
    run.send(noticed({ asked: ['saddle_anaesthesia'] }));
    expect(run.outcome).toBeUndefined();
    expect(run.said).toEqual(['sign.saddle_anaesthesia']);
    expect(run.asking).toBe('redflag.saddle_anaesthesia');
    expect(run.s.context.emergencyLock).toBe(false);
    run.answer('no');
    expect(run.asking).toBe('age');
  });

  it('gives the emergency when the catalog question after the answer is answered yes', () => {
    const run = new Run();
    run.send(noticed({ asked: ['urinary_retention'] }));
    expect(run.asking).toBe('redflag.urinary_retention');
    run.answer('yes');
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['urinary_retention'] });
  });

  it('asks an urgent flag on its own and counts a yes without ending the screen early', () => {
    const run = new Run().answer('agree').answer(40);
    run.send(noticed({ asked: ['fever'] }));
    expect(run.said).toEqual(['sign.fever']);
    expect(run.asking).toBe('redflag.fever');
    run.answer('yes');
    expect(run.outcome).toBeUndefined();
    expect(run.asking).toBe('redflag.saddle_anaesthesia');
    run.through();
    expect(run.outcome).toMatchObject({ disposition: 'urgent', flags: ['fever'] });
  });

  it('asks again a sign answered "no" earlier, the plain answer may change the reply', () => {
    const run = new Run().answer('agree').answer(40).answer('no');
    expect(run.s.context.answers.saddle_anaesthesia).toBe('no');
    run.send(noticed({ asked: ['saddle_anaesthesia'] }));
    expect(run.asking).toBe('redflag.saddle_anaesthesia');
    run.answer('yes');
    expect(run.outcome?.disposition).toBe('emergency');
  });

  it('never takes back an emergency: a question about a sign after the emergency outcome keeps it', () => {
    const run = new Run().answer('agree').answer(40).answer('yes');
    expect(run.outcome?.disposition).toBe('emergency');
    run.send(noticed({ asked: ['saddle_anaesthesia', 'urinary_retention'] }));
    expect(run.said).toEqual(['sign.urinary_retention']);
    expect(run.asking).toBe('redflag.urinary_retention');
    run.answer('no');
    expect(run.outcome).toMatchObject({ disposition: 'emergency', flags: ['saddle_anaesthesia'] });
    expect(run.s.context.emergencyLock).toBe(true);
  });

  it('does not explain a sign the same message affirms: the affirmed flag wins', () => {
    const run = new Run();
    run.send(noticed({ emergency: ['urinary_retention'], asked: ['urinary_retention'] }));
    expect(run.said).not.toContain('sign.urinary_retention');
    expect(run.outcome?.disposition).toBe('emergency');
  });
});

describe('coming back after the clarifying questions', () => {
  it.each(['language', 'forget_me'] as const)('returns to the %s question, not to the start', (command) => {
    const run = new Run().answer('agree');
    run.send({ type: 'COMMAND', command });
    const pending = run.asking;
    run.send(noticed({ asked: ['chest_pain'] }));
    expect(run.asking).toBe('redflag.chest_pain');
    run.answer('no');
    expect(run.asking).toBe(pending);
  });

  it.each(['language', 'forget_me'] as const)(
    'asks the clarifying question again after the %s detour, then goes on where the flow stood',
    (command) => {
      const run = new Run().answer('agree');
      run.send(noticed({ asked: ['chest_pain'] }));
      expect(run.asking).toBe('redflag.chest_pain');
      run.send({ type: 'COMMAND', command });
      run.answer(command === 'language' ? 'es' : 'keep');
      expect(run.asking).toBe('redflag.chest_pain');
      run.answer('no');
      expect(run.asking).toBe('age');
    },
  );
});
