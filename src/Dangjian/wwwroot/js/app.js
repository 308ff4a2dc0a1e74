// Behaviour shared by every page. Pages work without it; it adds the htmx token, charts, tree toggles and confirmations.
(function () {
  'use strict';

  // htmx POSTs carry the antiforgery token in the header the server expects.
  var token = document.querySelector('meta[name="csrf-token"]');
  document.body.addEventListener('htmx:configRequest', function (e) {
    if (token && e.detail.verb !== 'get') {
      e.detail.headers['RequestVerificationToken'] = token.content;
    }
  });

  // Charts: each element carries its ECharts option as JSON in data-chart. ECharts is fetched only once the page has
  // painted (the page names the file in <script type="text/plain" data-chart-library>, which the browser does not
  // fetch), and each chart is drawn in a task of its own, without animation. On a slow phone, loading it with the page
  // held back the first paint, drawing both charts at once blocked input for a quarter of a second, and every
  // animation frame of the SVG renderer was another long task (docs/performance.md, "Page weight and Lighthouse").
  var charts = [];
  function afterPaint(fn) {
    window.requestAnimationFrame(function () { window.setTimeout(fn, 0); });
  }
  function loadChartLibrary() {
    var named = document.querySelector('script[data-chart-library]');
    if (!named || named.dataset.requested) return;
    named.dataset.requested = '1';
    var script = document.createElement('script');
    script.src = named.getAttribute('src');
    script.addEventListener('load', function () { drawCharts(document); });
    document.head.appendChild(script);
  }
  // A chart is drawn (and ECharts fetched for the first one) only when it comes near the screen: on a phone the charts
  // are below the first screenful, and someone who does not scroll to them is spared the download and the drawing.
  var nearScreen = window.IntersectionObserver ? new window.IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      nearScreen.unobserve(entry.target);
      entry.target.dataset.near = '1';
      drawCharts(document);
    });
  }, { rootMargin: '200px 0px' }) : null;
  function drawCharts(root) {
    var waiting = Array.prototype.filter.call(root.querySelectorAll('[data-chart]'), function (el) { return !el.dataset.drawn; });
    if (nearScreen) {
      waiting.forEach(function (el) {
        if (!el.dataset.watched) { el.dataset.watched = '1'; nearScreen.observe(el); }
      });
      waiting = waiting.filter(function (el) { return el.dataset.near; });
    }
    if (waiting.length === 0) return;
    if (!window.echarts) {
      loadChartLibrary();
      return;
    }
    waiting.forEach(function (el) {
      el.dataset.drawn = '1';
      window.setTimeout(function () {
        var chart = window.echarts.init(el, null, { renderer: 'svg' });
        chart.setOption(Object.assign({ animation: false }, JSON.parse(el.dataset.chart)));
        charts.push(chart);
      }, 0);
    });
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  // Organization tree: the first click loads the children (htmx), later clicks fold and unfold them. The button's
  // name says what the next press does (展开 or 收起), and aria-expanded says what is shown now.
  function setTreeToggle(button, open) {
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    button.setAttribute('aria-label', (open ? '收起 ' : '展开 ') + (button.dataset.treeName || ''));
  }
  document.addEventListener('click', function (e) {
    var button = e.target.closest('[data-tree-toggle]');
    if (!button) return;
    var list = document.getElementById(button.getAttribute('aria-controls'));
    if (!list) return;
    if (button.dataset.loaded) {
      var open = button.getAttribute('aria-expanded') === 'true';
      list.hidden = open;
      setTreeToggle(button, !open);
    }
  });
  document.body.addEventListener('htmx:afterSwap', function (e) {
    var list = e.detail.target;
    if (list && list.matches('[data-tree-children]')) {
      var button = document.querySelector('[aria-controls="' + list.id + '"]');
      if (button) {
        button.dataset.loaded = '1';
        setTreeToggle(button, true);
      }
      list.hidden = false;
    }
    drawCharts(e.detail.target);
  });

  // Forms and buttons that need a second thought.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var message = form.dataset.confirm;
    if (message && !window.confirm(message)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // Print pages: the 打印 button opens the browser's print dialog, where the sheet can also be saved as a PDF.
  document.addEventListener('click', function (e) {
    if (e.target.closest('[data-print]')) {
      window.print();
    }
  });

  // Sortable headers of the member table set the form's sort field, so that typing keeps the order.
  document.addEventListener('click', function (e) {
    var link = e.target.closest('a[data-sort]');
    if (!link) return;
    var select = document.getElementById('sort');
    if (!select) return;
    e.preventDefault();
    select.value = link.dataset.sort;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });

  // An organization picker's search box sits inside a bigger form whose htmx reacts to input: its events stay with
  // the box, so that typing a name searches organizations only.
  function isolatePickers(root) {
    root.querySelectorAll('[data-picker-search]').forEach(function (box) {
      if (box.dataset.isolated) return;
      box.dataset.isolated = '1';
      ['input', 'change'].forEach(function (type) {
        box.addEventListener(type, function (e) { e.stopPropagation(); });
      });
    });
  }
  isolatePickers(document);
  document.body.addEventListener('htmx:load', function (e) { isolatePickers(e.detail.elt); });

  // A picker's answer is built around the choice sent with its request. When the choice changed while the answer was on
  // its way (a slow network, a quick finger), swapping it in would silently undo the choice: the answer is dropped and
  // the same request asked again, now carrying the new choice.
  function pickerChoice(results) {
    var checked = results.querySelector('input[type=radio]:checked');
    return checked ? checked.value : '';
  }
  document.body.addEventListener('htmx:configRequest', function (e) {
    var results = e.detail.target;
    if (results && results.classList.contains('org-picker-results')) results.dataset.askedWith = pickerChoice(results);
  });
  document.body.addEventListener('htmx:beforeSwap', function (e) {
    var results = e.detail.target;
    if (!results || !results.classList.contains('org-picker-results') || results.dataset.askedWith === undefined) return;
    if (results.dataset.askedWith === pickerChoice(results)) return;
    e.detail.shouldSwap = false;
    var asker = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (!asker || !asker.isConnected) return;
    window.htmx.trigger(asker, asker.matches('[data-picker-search]') ? 'search' : 'click');
  });

  // Enter in a search box inside a bigger form searches; it must not submit the form around it.
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && e.target.matches('[data-no-submit]')) {
      e.preventDefault();
      e.target.dispatchEvent(new Event('search', { bubbles: true }));
    }
  });

  // Escape closes the phone menu and gives the focus back to the button that opened it.
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape' || !window.bootstrap) return;
    var menu = document.querySelector('.navbar-collapse.show');
    if (!menu) return;
    window.bootstrap.Collapse.getOrCreateInstance(menu, { toggle: false }).hide();
    var opener = document.querySelector('[data-bs-target="#' + menu.id + '"]');
    if (opener) opener.focus();
  });

  // A quiz's time left, counted down from what the server said; at zero the paper is submitted as it stands (the
  // server accepts it for a few seconds after it is due, and refuses it later whatever the page does).
  Array.prototype.forEach.call(document.querySelectorAll('[data-countdown]'), function (timer) {
    var left = parseInt(timer.dataset.countdown, 10);
    var text = timer.querySelector('[data-countdown-text]');
    var form = document.getElementById(timer.dataset.countdownForm);
    var end = Date.now() + left * 1000;
    var tick = window.setInterval(function () {
      var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
      text.textContent = Math.floor(seconds / 60) + ' 分 ' + (seconds % 60) + ' 秒';
      if (seconds === 0) {
        window.clearInterval(tick);
        if (form && !form.dataset.sent) { form.dataset.sent = '1'; form.submit(); }
      }
    }, 1000);
    if (form) form.addEventListener('submit', function () { form.dataset.sent = '1'; });
  });

  afterPaint(function () { drawCharts(document); });
})();
