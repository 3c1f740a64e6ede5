/**
 * Words the gradient demos never draw as random tokens: they are put up on a projector in front of a class.
 * Profanity, sexual terms, slurs and self-harm, in the forms the notebook's tokenizer produces (a-z only,
 * apostrophes dropped). The demos draw from the rest of the vocabulary; a user's own text is never filtered.
 * Pure.
 */
const BLOCKED = `
  fuck fucks fucked fucking fuckin fucker fuckers motherfucker motherfuckers mf wtf stfu
  shit shits shitty shite bullshit horseshit crap crappy crapped ass asses arse arses asshole assholes jackass dumbass
  bitch bitches bitchy bitching bastard bastards damn damned dammit goddamn goddamned dick dicks dickhead cock cocks
  cunt cunts pussy pussies piss pissed pissing prick pricks twat wank wanker wankers bollocks bugger screw screwed
  whore whores slut sluts slutty hooker hookers prostitute prostitutes pimp pimps stripper strippers
  porn porno pornography pornographic nude nudes nudity naked sex sexy sexual sexually sexuality sexed erotic erotica
  orgasm orgasms orgy orgies masturbation masturbate masturbating erection penis penises vagina vaginas breast breasts
  boob boobs boobies tits titties nipple nipples horny kinky fetish bondage topless thong semen sperm incest sodomy
  rape raped rapes raping rapist rapists molest molested molesting molestation pedophile pedophiles pedophilia paedophile
  nigger niggers nigga niggas faggot faggots fag fags dyke dykes retard retards retarded tranny trannies spic spics
  chink chinks gook gooks kike kikes wetback wetbacks coon coons
  suicide suicidal
`;

export const CLASSROOM_BLOCKLIST: ReadonlySet<string> = new Set(BLOCKED.split(/\s+/).filter(Boolean));

/** Whether a word may be drawn as a random token in front of a class. */
export function classroomSafe(word: string): boolean {
  return !CLASSROOM_BLOCKLIST.has(word);
}

/** The ids 1..V-1 of `words` (id = index; 0 is padding) a random draw may pick. */
export function classroomIds(words: readonly string[]): Int32Array {
  const ids: number[] = [];
  for (let i = 1; i < words.length; i++) if (classroomSafe(words[i])) ids.push(i);
  return Int32Array.from(ids);
}
