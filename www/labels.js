// The core's labels, in the order the legend shows them, with a plain-words description.
export const LABELS = [
  ['article', 'the story: headline, paragraphs, its images'],
  ['caption', 'describes or credits an image'],
  ['promo', 'ads, sign-ups, players, share bars'],
  ['related-link', 'points to other pages'],
  ['navigation', "the site's menus, header and footer"],
  ['byline', 'who wrote it and when'],
  ['other', 'anything else outside the story'],
];

/** A chip showing a label in its colour (the colours live in style.css). */
export function chip(label) {
  const span = document.createElement('span');
  span.className = 'chip';
  span.dataset.label = label;
  span.textContent = label;
  return span;
}
