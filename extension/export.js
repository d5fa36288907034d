// Reader mode's article as a file of its own: standalone HTML (no scripts, images as links, so
// opening it loads nothing) or Markdown, handed to the browser as a download. The article's
// markup is the core's ammonia-sanitized HTML, already in the reader: nothing here parses or
// cleans markup, it only rewrites pictures as links and writes the result out.
globalThis.declutterExport = (() => {
  const { t } = globalThis.declutterI18n;

  /** The saved page's own style and policy: it may load nothing and run nothing. */
  const CSP = "default-src 'none'; style-src 'unsafe-inline'";
  const STYLE =
    'body{max-width:38em;margin:2em auto;padding:0 1em;font:18px/1.6 Georgia,serif;color:#1d1d1f}' +
    'img{max-width:100%}figcaption,.meta,.source{font:.8em/1.4 system-ui,sans-serif;color:#5f6368}' +
    'blockquote{border-inline-start:3px solid #ccc;margin-inline:0;padding-inline-start:1em}pre{overflow:auto}';

  /** The reader's content, copied, with every picture and media element turned into a link to it. */
  function withPicturesAsLinks(content) {
    const copy = content.cloneNode(true);
    for (const mark of copy.querySelectorAll('mark.speaking')) mark.replaceWith(...mark.childNodes);
    for (const media of copy.querySelectorAll('picture, img, video, audio')) {
      if (!copy.contains(media)) continue; // inside a <picture> already replaced
      const img = media.localName === 'picture' ? media.querySelector('img') : media;
      const src = img?.currentSrc || img?.src || media.querySelector('source')?.src || '';
      const text = `[${t('image')}${img?.alt ? `: ${img.alt}` : ''}]`;
      media.replaceWith(src ? Object.assign(document.createElement('a'), { href: src, textContent: text }) : text);
    }
    return copy;
  }

  const metaLine = (meta) => [...meta.children].map((s) => s.textContent).join(' · ');

  /** A whole HTML document: the header the reader shows, the content, where it came from. */
  function html({ title, lang, dir, header, content }) {
    const doc = document.implementation.createHTMLDocument(title);
    const add = (parent, tag, props = {}) => parent.appendChild(Object.assign(doc.createElement(tag), props));
    doc.documentElement.lang = lang || '';
    doc.documentElement.dir = dir;
    const charset = doc.createElement('meta');
    charset.setAttribute('charset', 'utf-8');
    doc.head.prepend(charset, Object.assign(doc.createElement('meta'), { httpEquiv: 'Content-Security-Policy', content: CSP }));
    add(doc.head, 'style', { textContent: STYLE });
    doc.body.append(doc.importNode(header, true), doc.importNode(withPicturesAsLinks(content), true));
    const source = add(doc.body, 'p', { className: 'source' });
    source.append(
      `${t('savedFrom')} `,
      Object.assign(doc.createElement('a'), { href: location.href, textContent: location.href }),
    );
    return `<!doctype html>\n${doc.documentElement.outerHTML}\n`;
  }

  /** Markdown's special characters in running text, escaped. */
  const escape = (text) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\s+/g, ' ');

  /** The inline content of `node` as Markdown. */
  function inline(node) {
    if (node.nodeType === Node.TEXT_NODE) return escape(node.data);
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const inner = () => [...node.childNodes].map(inline).join('');
    switch (node.localName) {
      case 'em':
      case 'i':
        return `*${inner().trim()}*`;
      case 'strong':
      case 'b':
        return `**${inner().trim()}**`;
      case 'code':
        return `\`${node.textContent.replace(/`/g, "'")}\``;
      case 'br':
        return '  \n';
      case 'a':
        return node.getAttribute('href') ? `[${inner().trim()}](<${node.href}>)` : inner();
      default:
        return inner();
    }
  }

  /** The blocks of `node` as Markdown, one string per paragraph, heading, list item... */
  function blocks(node) {
    const out = [];
    const add = (text) => text.trim() && out.push(text.trim());
    let run = '';
    const flush = () => {
      add(run);
      run = '';
    };
    for (const child of node.childNodes) {
      const tag = child.nodeType === Node.ELEMENT_NODE ? child.localName : '';
      if (/^h[1-6]$/.test(tag)) {
        flush();
        add(`${'#'.repeat(Number(tag[1]))} ${inline(child)}`);
      } else if (tag === 'ul' || tag === 'ol') {
        flush();
        [...child.children].forEach((li, i) => {
          const marker = tag === 'ol' ? `${i + 1}. ` : '- ';
          add(
            marker +
              blocks(li)
                .join('\n\n')
                .replace(/\n/g, `\n${' '.repeat(marker.length)}`),
          );
        });
      } else if (tag === 'blockquote') {
        flush();
        add(`> ${blocks(child).join('\n\n').replace(/\n/g, '\n> ')}`);
      } else if (tag === 'pre') {
        flush();
        add(`\`\`\`\n${child.textContent.replace(/\n$/, '')}\n\`\`\``);
      } else if (tag === 'hr') {
        flush();
        add('---');
      } else if (tag === 'figcaption') {
        flush();
        add(`*${inline(child).trim()}*`);
      } else if (['p', 'div', 'figure', 'section', 'table', 'thead', 'tbody', 'tr', 'li', 'dl', 'dt', 'dd'].includes(tag)) {
        flush();
        out.push(...blocks(child));
      } else {
        run += inline(child);
      }
    }
    flush();
    return out;
  }

  /** The article as Markdown: title, the reader's meta line, the text, where it came from. */
  function markdown({ title, meta, content }) {
    const parts = [`# ${escape(title)}`];
    if (meta.children.length) parts.push(`*${escape(metaLine(meta))}*`);
    parts.push(...blocks(withPicturesAsLinks(content)));
    parts.push(`${t('savedFrom')} <${location.href}>`);
    return `${parts.join('\n\n')}\n`;
  }

  /** A file name from the title: characters file systems refuse dropped, at most 80 long. */
  const fileName = (title, ext) =>
    `${
      String(title)
        .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 80) || 'article'
    }.${ext}`;

  /** Hands `text` to the browser as a download named `name`, through a link in `parent`. */
  function download(parent, name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
    const link = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
    parent.append(link);
    link.click();
    link.remove();
    // The download reads the blob after this task; a minute is ample for a few hundred KB.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  return Object.freeze({ html, markdown, fileName, download });
})();
