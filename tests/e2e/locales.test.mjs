// The extension's interface languages (extension/_locales): every language has every message,
// with the same substitutions; every message the extension names exists and every message is
// named; a counted message has the forms each language's plural rules ask for; the manifest's
// name and description fit the stores in every language. No browser.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';

const EXTENSION = new URL('../../extension/', import.meta.url);
const LANGUAGES = ['de', 'en', 'es', 'fr'];
const messages = async (lang) => JSON.parse(await readFile(new URL(`_locales/${lang}/messages.json`, EXTENSION), 'utf8'));
const substitutions = (text) => [...new Set(text.match(/\$\d/g) ?? [])].sort();
/** The forms a counted message may have (i18n.js's `plural`: `key_<form>`). */
const PLURAL_FORM = /^(\w+)_(zero|one|two|few|many|other)$/;

/** Every message key the extension's scripts, pages and manifest name; a counted message
 * (`plural('key'`) by its base key. */
async function namedKeys() {
  const keys = new Set();
  for (const name of await readdir(EXTENSION)) {
    if (!/\.(js|html|json)$/.test(name)) continue;
    const text = await readFile(new URL(name, EXTENSION), 'utf8');
    for (const [, key] of text.matchAll(/\b(?:t|plural)\('(\w+)'/g)) keys.add(key);
    for (const [, key] of text.matchAll(/data-i18n(?:-label|-placeholder)?="(\w+)"/g)) keys.add(key);
    for (const [, key] of text.matchAll(/__MSG_(\w+)__/g)) keys.add(key);
  }
  return keys;
}

describe('interface languages', () => {
  it('ships English, German, French and Spanish, with English as the default', async () => {
    assert.deepEqual((await readdir(new URL('_locales/', EXTENSION))).sort(), LANGUAGES);
    assert.equal(JSON.parse(await readFile(new URL('manifest.json', EXTENSION), 'utf8')).default_locale, 'en');
  });

  it('every language has every English message, nothing more, with the same substitutions', async () => {
    const en = await messages('en');
    for (const lang of LANGUAGES) {
      const m = await messages(lang);
      assert.deepEqual(Object.keys(m).sort(), Object.keys(en).sort(), lang);
      for (const [key, { message }] of Object.entries(m)) {
        assert.ok(message.trim(), `${lang}: ${key} is empty`);
        assert.deepEqual(substitutions(message), substitutions(en[key].message), `${lang}: ${key}`);
      }
    }
  });

  it('every message the extension names exists, and every message is named', async () => {
    const en = [...new Set(Object.keys(await messages('en')).map((k) => k.match(PLURAL_FORM)?.[1] ?? k))];
    const named = await namedKeys();
    assert.deepEqual(
      [...named].filter((k) => !en.includes(k) && !k.startsWith('@@')),
      [],
      'named but missing',
    );
    assert.deepEqual(
      en.filter((k) => !named.has(k)),
      [],
      'never named',
    );
  });

  it('a counted message has an "other" form and every form its language picks for 0 to 1000', async () => {
    for (const lang of LANGUAGES) {
      const m = await messages(lang);
      assert.equal(m.locale.message, lang, `${lang}: locale names the file's language, for its plural rules`);
      const counted = new Set(Object.keys(m).map((k) => k.match(PLURAL_FORM)?.[1]));
      counted.delete(undefined);
      const rules = new Intl.PluralRules(lang);
      for (const key of counted) {
        assert.ok(m[`${key}_other`], `${lang}: ${key}_other`);
        for (let n = 0; n <= 1000; n++) assert.ok(m[`${key}_${rules.select(n)}`], `${lang}: ${key}_${rules.select(n)}, for ${n}`);
      }
    }
  });

  it("the name and description fit both stores' limits in every language", async () => {
    for (const lang of LANGUAGES) {
      const m = await messages(lang);
      assert.ok(m.extName.message.length <= 50, `${lang}: name, 50 characters at most (addons.mozilla.org)`);
      assert.ok(
        m.extDescription.message.length <= 132,
        `${lang}: description, 132 characters at most (Chrome Web Store; AMO takes 250), not ${m.extDescription.message.length}`,
      );
    }
  });
});
