// Runs inside the page (Chromium): what overflows the viewport, KaTeX errors, and for an
// SVG document the text and legend boxes outside its viewBox. Plain JavaScript, so the
// TypeScript program needs no DOM types; read by screenshot.ts and passed to page.evaluate.
(() => {
      const vw = window.innerWidth;
      const doc = document.documentElement;
      const clipped = [];
      const isScroller = (el) => {
        const s = getComputedStyle(el);
        // overflow hidden clips without a way to scroll: that is clipping, not a scroll container.
        return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.getBoundingClientRect().right <= vw + 0.5;
      };
      const inScroller = (el) => {
        for (let p = el.parentElement; p && p !== doc && p !== document.body; p = p.parentElement) if (isScroller(p)) return true;
        return false;
      };
      if (document.body) {
        for (const el of Array.from(document.body.querySelectorAll('*'))) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.right <= vw + 0.5) continue;
          if (inScroller(el) || isScroller(el)) continue;
          // Report the outermost offender only (its children stick out with it).
          const parent = el.parentElement;
          if (parent && parent !== document.body && parent.getBoundingClientRect().right > vw + 0.5 && !isScroller(parent)) continue;
          clipped.push(`${el.tagName.toLowerCase()}${el.classList.length ? '.' + Array.from(el.classList).join('.') : ''}: right edge ${Math.round(r.right)} > ${vw}`);
        }
      }
      // Blocks that scroll sideways (allowed, but a phone reader must swipe to see their end).
      const scrolling = [];
      if (document.body) {
        for (const el of Array.from(document.body.querySelectorAll('*'))) {
          const st = getComputedStyle(el);
          if ((st.overflowX === 'auto' || st.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
            scrolling.push(`${el.tagName.toLowerCase()}${el.classList.length ? '.' + Array.from(el.classList).join('.') : ''} (${el.scrollWidth}px in ${el.clientWidth}px): ${(el.textContent || '').trim().slice(0, 50)}`);
          }
        }
      }
      const outside = [];
      const root = doc ;
      if (root.tagName.toLowerCase() === 'svg' && root.viewBox?.baseVal) {
        const vb = root.viewBox.baseVal;
        const items = Array.from(root.querySelectorAll('text, rect.legend-box'));
        for (const t of items) {
          // Text inside a clip path or a rotated label: check its box in the root's user space.
          const b = t.getBBox();
          const m = t.getCTM();
          const rm = root.getCTM();
          if (!m || !rm) continue;
          const rel = rm.inverse().multiply(m);
          const xs = [b.x, b.x + b.width].flatMap((x) => [b.y, b.y + b.height].map((y) => new DOMPoint(x, y).matrixTransform(rel)));
          const x0 = Math.min(...xs.map((p) => p.x));
          const x1 = Math.max(...xs.map((p) => p.x));
          const y0 = Math.min(...xs.map((p) => p.y));
          const y1 = Math.max(...xs.map((p) => p.y));
          if (b.width === 0) continue;
          if (x0 < vb.x - 0.5 || y0 < vb.y - 0.5 || x1 > vb.x + vb.width + 0.5 || y1 > vb.y + vb.height + 0.5) {
            outside.push(`${t.tagName} '${(t.textContent ?? '').slice(0, 40)}': x ${x0.toFixed(1)}..${x1.toFixed(1)}, y ${y0.toFixed(1)}..${y1.toFixed(1)} (frame ${vb.width} x ${vb.height})`);
          }
        }
        // Legend labels must sit inside their legend box.
        for (const g of Array.from(root.querySelectorAll('g.legend'))) {
          const box = g.querySelector('rect.legend-box');
          if (!box) continue;
          const bb = box.getBBox();
          for (const t of Array.from(g.querySelectorAll('text'))) {
            const tb = t.getBBox();
            if (tb.x < bb.x - 0.5 || tb.x + tb.width > bb.x + bb.width + 0.5 || tb.y + tb.height > bb.y + bb.height + 0.5) {
              outside.push(`legend text '${(t.textContent ?? '').slice(0, 40)}' leaves its box: x ${tb.x.toFixed(1)}..${(tb.x + tb.width).toFixed(1)} vs ${bb.x.toFixed(1)}..${(bb.x + bb.width).toFixed(1)}`);
            }
          }
        }
      }
      const svgSize = root.tagName.toLowerCase() === 'svg' && root.viewBox?.baseVal ? [root.viewBox.baseVal.width, root.viewBox.baseVal.height] : undefined;
      return { scrollWidth: doc.scrollWidth, clipped, scrolling, katexErrors: document.querySelectorAll('.katex-error').length, outside, svgSize };
    })()
