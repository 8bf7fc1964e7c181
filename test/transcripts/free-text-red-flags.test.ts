import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, describeOnStores, startTestBot, type TestBot } from '../helpers/http-bot.js';
import { runIntake } from '../helpers/intake-script.js';

describeOnStores('free text', (kind) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ on: kind });
  });
  afterAll(() => bot.dispose());

  const noticed = (c: Conversation) => c.last.find((r) => r.channelData?.noticed)?.channelData?.noticed;

  describe('red flags in the patient’s own words (CONTRACT §5)', () => {
    it('gives the emergency outcome when the very first message describes one, before consent', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('my private parts feel dead since lunchtime');
      expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['saddle_anaesthesia'] });
      expect(noticed(conv)).toContain('saddle_anaesthesia');
      expect(conv.last.every((r) => r.channelData?.noticed?.includes('saddle_anaesthesia'))).toBe(true);
      expect(conv.last.find((r) => r.channelData?.triage)!.text).toContain('999');
    });

    it('gives the emergency outcome when one is typed instead of an answer mid-screen', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-US');
      await conv.say('hi');
      await conv.answer('agree');
      await conv.answer(44);
      await conv.answer('no');
      expect(conv.question).toBe('redflag.urinary_retention');
      await conv.say('both knees buckle when I walk now');
      expect(conv.triage?.disposition).toBe('emergency');
      expect(conv.triage?.flags).toContain('bilateral_leg_weakness');
      expect(conv.last.find((r) => r.channelData?.triage)!.text).toContain('911');
    });

    it('understands Spanish, without accents too', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'es-ES');
      await conv.say('hola');
      await conv.say('no aguanto la orina desde esta mañana');
      expect(conv.triage?.disposition).toBe('emergency');
      expect(conv.triage?.flags).toContain('urinary_incontinence');
      const other = new Conversation(bot.url, 'webchat', 'es-MX');
      await other.say('hola');
      await other.say('vale');
      await other.say('no siento nada en la entrepierna cuando me limpio');
      expect(other.triage).toEqual({ disposition: 'emergency', flags: ['saddle_anaesthesia'] });
    });

    it('does not escalate a denied symptom, and asks the question again (a longer message is not a plain "no")', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.answer('agree');
      await conv.answer(44);
      expect(conv.question).toBe('redflag.saddle_anaesthesia');
      await conv.say("no, no numbness down there and my bladder's totally normal");
      expect(conv.triage).toBeUndefined();
      expect(noticed(conv)).toBeUndefined();
      expect(conv.question).toBe('redflag.saddle_anaesthesia');
      await conv.say('no');
      expect(conv.question).toBe('redflag.urinary_retention');
    });

    it('keeps the affirmed symptom when another clause denies a different one', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.say('the temperature is gone, though pee keeps leaking out');
      expect(conv.triage?.disposition).toBe('emergency');
      expect(conv.triage?.flags).toContain('urinary_incontinence');
    });

    it('escalates mid-exercise-offer too: after a self-care outcome, new emergency words give the emergency outcome', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await runIntake(conv, { mode: 'value' });
      expect(conv.triage?.disposition).toBe('self_care');
      await conv.say('now I cannot feel my bum when I wipe');
      expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['saddle_anaesthesia'] });
    });

    it('acknowledges an urgent flag, counts it as answered and carries on with the pending question', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.answer('agree');
      await conv.say("I'm 50 and I've had a fever since Tuesday");
      expect(noticed(conv)).toEqual(['fever']);
      expect(conv.triage).toBeUndefined();
      // A message that carries a red flag is never also an answer (CLINICAL §2f): its number is not the age.
      expect(conv.question).toBe('age');
      await conv.say('50');
      expect(conv.question).toBe('redflag.saddle_anaesthesia');
      // Ticking nothing in the infection group later doesn't undo what the patient told us.
      await runIntake(conv, { mode: 'value' });
      expect(conv.triage).toEqual({ disposition: 'urgent', flags: ['fever'] });
    });

    it('asks the matching question first when the words only might mean an emergency flag, then goes back', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.answer('agree');
      expect(conv.question).toBe('age');
      await conv.say('something feels a bit off down there');
      const asked = conv.question!;
      expect(asked).toMatch(/^redflag\./);
      expect(noticed(conv)).toContain(asked.slice('redflag.'.length));
      await conv.answer('no');
      expect(conv.question).toBe('age');
    });

    it('goes to the emergency outcome when the clarifying question is answered yes', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.say('something feels a bit off down there');
      const asked = conv.question!;
      expect(asked).toMatch(/^redflag\./);
      await conv.answer('yes');
      expect(conv.triage?.disposition).toBe('emergency');
    });

    it('answers crisis talk with the crisis line and the emergency number, and the conversation goes on', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-US');
      await conv.say('hi');
      await conv.answer('agree');
      await conv.say("honestly I don't want to live anymore");
      const text = conv.last.map((r) => r.text).join(' ');
      expect(text).toContain('988');
      expect(text).toContain('911');
      expect(conv.triage).toBeUndefined();
      expect(conv.question).toBe('age');
    });
  });

  describe('language', () => {
    it('switches the language on request and comes back to the pending question', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.answer('agree');
      const english = conv.last.find((r) => r.channelData?.question)!.text;
      await conv.say('language');
      expect(conv.question).toBe('language');
      await conv.say('español');
      expect(conv.question).toBe('age');
      const spanish = conv.last.find((r) => r.channelData?.question)!.text;
      expect(spanish).not.toBe(english);
      // Later turns stay in the chosen language, whatever the channel's locale says.
      await conv.say('tengo cuarenta años');
      expect(conv.question).toBe('redflag.saddle_anaesthesia');
      await conv.say('idioma');
      await conv.answer('en');
      expect(conv.question).toBe('redflag.saddle_anaesthesia');
    });
  });

  /** `channelData.advice` of an outcome: which wording it used (CLINICAL §6). */
  const advice = (c: Conversation) =>
    (
      c.last.find((r) => r.channelData?.triage)?.channelData as
        { advice?: { tell?: string; route?: string; carer?: boolean } } | undefined
    )?.advice;

  describe('rules 2–4, carers and questions about a sign over HTTP (CLINICAL §2d, §2f, §6)', () => {
    it('gives the emergency in the turn of the second message of rule 2, with the staff line of rule 2', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      await conv.say('hi');
      await conv.answer('agree');
      await conv.say('I had breast cancer 5 years ago');
      expect(conv.triage).toBeUndefined();
      expect(noticed(conv)).toEqual(['cancer_history']);
      await conv.answer(61);
      await conv.answer('no');
      await conv.say('my left leg is getting weaker, my foot slaps down when I walk');
      expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['cancer_history', 'progressive_weakness'] });
      expect(advice(conv)).toEqual({ tell: 'outcomes:tell.cancer_weakness' });
      expect(conv.last.find((r) => r.channelData?.triage)!.text).toContain('999');
    });

    it('asks redflag.breathless after a swollen calf is ticked, and a yes gives the emergency of rule 4', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-GB');
      const { asked } = await runIntake(conv, {
        mode: 'value',
        answers: { 'redflags.nerves': ['calf_swelling'], 'redflag.breathless': 'yes' },
      });
      expect(asked.slice(-2)).toEqual(['redflags.nerves', 'redflag.breathless']);
      expect(conv.triage).toEqual({ disposition: 'emergency', flags: ['calf_swelling', 'breathless'] });
      expect(advice(conv)).toEqual({ tell: 'outcomes:tell.calf_breathless' });
    });

    it('sends a US patient with an urgent flag to a same-day service of their own country, with 911, never NHS 111', async () => {
      const conv = new Conversation(bot.url, 'webchat', 'en-US');
      await runIntake(conv, { mode: 'value', answers: { 'redflags.infection': ['fever'] } });
      expect(conv.triage).toEqual({ disposition: 'urgent', flags: ['fever'] });
      expect(advice(conv)).toEqual({ route: 'outcomes:route.default' });
      const text = conv.last.find((r) => r.channelData?.triage)!.text!;
      expect(text).toContain('911');
      expect(text).not.toContain('111');
    });
  });

  /** These read messages that only the reworked detector (issue 11 items 1–2) understands. */
});
