// A small story page the background analyses once when its worker starts (see background.js):
// the module's functions are compiled on their first call, and this page makes the calls a news
// page makes (metadata, a story with a picture and its caption, a promo and related links to
// hide, the reader article) before a real page asks.
export const WARM_UP_URL = 'https://news.example/2026/12/01/warm-up';

const paragraph = (n) =>
  `<p>Paragraph ${n} of the story says what happened, where it happened and why it matters to the town. ` +
  `It quotes a resident, who said the change was long overdue. Officials expect the work to finish next spring, ` +
  `and the council will publish its figures in <a href="/reports">a report</a> later this month.</p>`;

export const WARM_UP_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry returns to the harbour after repairs | Example News</title>
<meta property="og:type" content="article"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2026-12-01T08:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferry returns to the harbour after repairs","author":{"@type":"Person","name":"A. Writer"}}</script>
</head><body>
<header class="masthead"><a href="/">Example News</a><nav class="site-nav"><ul>
<li><a href="/local">Local</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article class="story"><h1>Ferry returns to the harbour after repairs</h1>
<p class="byline">By <a rel="author" href="/a-writer">A. Writer</a> <time datetime="2026-12-01T08:00:00Z">1 December 2026</time></p>
<figure><img src="/img/ferry.jpg" alt="The ferry at the quay" width="800" height="450">
<figcaption>The ferry at the quay on Monday. Photograph: Example News</figcaption></figure>
<div class="story-body">${[1, 2, 3].map(paragraph).join('')}
<aside class="newsletter-promo"><h2>Sign up to our morning newsletter</h2>
<form action="/subscribe"><input type="email" placeholder="Email address"><button>Sign up</button></form></aside>
${[4, 5, 6].map(paragraph).join('')}
<p><strong>Read more:</strong> <a href="/local/bridge">Bridge works start in the spring</a></p>
</div></article>
<section class="related-stories"><h2>Most read</h2><ul>
<li class="card"><a href="/a"><h3>Market hall reopens</h3></a></li><li class="card"><a href="/b"><h3>New bus timetable</h3></a></li>
<li class="card"><a href="/c"><h3>School wins award</h3></a></li></ul></section></main>
<footer class="site-footer"><a href="/terms">Terms</a> <a href="/privacy">Privacy</a></footer>
</body></html>`;
