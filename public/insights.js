// The insights page's script: fetches the period's numbers (/insights/data, with the session cookie)
// and shows each table with its chart (Chart.js, served by this server), drawn in the design system's
// colours and fonts. Each chart is an image whose name says the table below gives its numbers; each
// table has a caption, column and row headers, and a link to the same numbers as a CSV file. What
// people typed is only ever set as text, never as HTML.
import * as tokens from '/gcds/tokens.js';

const main = document.getElementById('main');
const status = document.getElementById('status');
const container = document.getElementById('insights');
const language = document.documentElement.lang === 'fr' ? 'fr' : 'en';
const period = { lang: language, from: main.dataset.from, to: main.dataset.to };

/** Series colours: the design system's, dark enough to tell apart on white, in this order. */
const palette = [
  tokens.GcdsColorBlue700,
  tokens.GcdsColorBlue350,
  tokens.GcdsColorGreen650,
  tokens.GcdsColorPurple500,
  tokens.GcdsColorGrayscale500,
  tokens.GcdsColorRed600,
];
/** What each outcome and each rating is drawn in. */
const outcomeColours = [
  tokens.GcdsColorGreen650,
  tokens.GcdsColorBlue500,
  tokens.GcdsColorPurple500,
  tokens.GcdsColorRed600,
  tokens.GcdsColorGrayscale500,
];
const ratingColours = [tokens.GcdsColorGreen650, tokens.GcdsColorRed600];

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Cells in the page's language: numbers grouped, shares as percentages, lists as lists. */
function cellContent(cell, column, formats) {
  if (column.kind === 'list') {
    const list = element('ul');
    for (const item of cell) list.append(element('li', {}, item));
    return list;
  }
  if (column.kind === 'percent') return document.createTextNode(formats.percent.format(cell / 100));
  if (column.kind === 'number') return document.createTextNode(formats.number.format(cell));
  return document.createTextNode(String(cell));
}

function renderTable(table, formats) {
  const wrapper = element('div', {
    class: 'table-wrapper',
    role: 'region',
    'aria-labelledby': `caption-${table.id}`,
    tabindex: '0',
  });
  const html = element('table', { id: `table-${table.id}` });
  html.append(element('caption', { id: `caption-${table.id}` }, table.title));
  const headRow = element('tr');
  for (const column of table.columns)
    headRow.append(element('th', { scope: 'col', class: column.kind ? `kind-${column.kind}` : '' }, column.label));
  html.appendChild(element('thead')).append(headRow);
  const body = html.appendChild(element('tbody'));
  for (const row of table.rows) {
    const tr = body.appendChild(element('tr'));
    row.forEach((cell, i) => {
      const column = table.columns[i];
      // The first column names the row (a day, an outcome, a topic), except in the declined table (a count).
      const header = i === 0 && column.kind !== 'number';
      const td = element(header ? 'th' : 'td', {
        ...(header ? { scope: 'row' } : {}),
        class: column.kind ? `kind-${column.kind}` : '',
      });
      td.append(cellContent(cell, column, formats));
      tr.append(td);
    });
  }
  wrapper.append(html);
  return wrapper;
}

/** The chart of a table: which kind, and its series from the table's columns. */
/** Outcomes: a colour per bar (one series); ratings: green up, red down; otherwise the palette by series. */
function seriesColours(table, n) {
  if (table.id === 'outcomes') return table.rows.map((_, i) => outcomeColours[i % outcomeColours.length]);
  if (table.id === 'ratings') return ratingColours[n];
  return palette[n % palette.length];
}

function chartConfig(table, strings, formats) {
  const { labels: labelColumn, series } = table.chart;
  const labels = table.rows.map((row) => {
    const label = String(row[labelColumn]);
    return label.length > 48 ? `${label.slice(0, 47)}…` : label;
  });
  const horizontal = table.id === 'outcomes' || table.id === 'topics' || table.id === 'ratings';
  const stacked = table.id !== 'outcomes' && table.id !== 'topics';
  const datasets = series.map((index, n) => {
    const colours = seriesColours(table, n);
    return {
      label: table.columns[index].label,
      data: table.rows.map((row) => row[index]),
      backgroundColor: colours,
      borderWidth: 0,
    };
  });
  const valueAxis = {
    beginAtZero: true,
    stacked,
    ticks: { precision: 0, callback: (value) => formats.number.format(value) },
    grid: { color: tokens.GcdsColorGrayscale100 },
  };
  const labelAxis = { stacked, grid: { display: false } };
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      locale: strings.locale,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: datasets.length > 1, position: 'top', align: 'start' },
        tooltip: { enabled: true },
      },
    },
  };
}

function renderSection(table, strings, formats) {
  const section = element('section', {
    class: 'insight',
    id: `section-${table.id}`,
    'aria-labelledby': `title-${table.id}`,
  });
  section.append(
    element('gcds-heading', { tag: 'h2', id: `title-${table.id}`, 'margin-top': '500', lang: language }, table.title),
  );
  section.append(element('gcds-text', { lang: language }, table.description));
  if (!table.rows.length) {
    section.append(element('gcds-text', { class: 'empty', lang: language }, strings.noEvents));
    return section;
  }
  if (table.chart) {
    const figure = section.appendChild(element('figure', { class: `chart chart-${table.id}` }));
    // Horizontal bars get room for each row; time series a fixed height.
    if (['outcomes', 'topics', 'ratings'].includes(table.id))
      figure.style.height = `${Math.max(10, 5 + table.rows.length * 2.25)}rem`;
    const canvas = figure.appendChild(
      element('canvas', { id: `chart-${table.id}`, role: 'img', 'aria-label': `${table.title}. ${strings.chartNote}` }),
    );
    canvas.append(element('p', {}, strings.chartNote));
    new window.Chart(canvas, chartConfig(table, strings, formats));
  }
  section.append(renderTable(table, formats));
  const csv = `/insights/data.csv?${new URLSearchParams({ table: table.id, ...period })}`;
  const download = section.appendChild(element('p', { class: 'download' }));
  download.append(
    element('gcds-link', { href: csv, download: `insights-${table.id}.csv`, lang: language }, strings.downloadCsv),
  );
  return section;
}

function renderTotals(totals, strings, formats) {
  const section = element('section', { class: 'glance', 'aria-labelledby': 'glance-title' });
  section.append(
    element(
      'gcds-heading',
      { tag: 'h2', id: 'glance-title', 'margin-top': '500', lang: language },
      strings.glanceTitle,
    ),
  );
  const list = section.appendChild(element('dl', { class: 'totals' }));
  const items = [
    ['conversations', formats.number.format(totals.conversations)],
    ['messages', formats.number.format(totals.messages)],
    ['questions', formats.number.format(totals.questions)],
    ['answeredShare', formats.percent.format(totals.answeredShare / 100)],
    ['declined', formats.number.format(totals.declined)],
    ['ratings', formats.number.format(totals.ratings)],
  ];
  for (const [key, value] of items) {
    const item = list.appendChild(element('div', { class: 'total' }));
    item.append(element('dt', {}, strings.totals[key]), element('dd', {}, value));
  }
  return section;
}

try {
  const response = await fetch(`/insights/data?${new URLSearchParams(period)}`, {
    headers: { accept: 'application/json' },
  });
  if (response.status === 401) location.reload(); // signed out meanwhile: the page asks for the token
  if (!response.ok) throw new Error(`insights: ${response.status}`);
  const data = await response.json();
  const strings = data.strings;
  const formats = {
    number: new Intl.NumberFormat(strings.locale),
    percent: new Intl.NumberFormat(strings.locale, { style: 'percent', maximumFractionDigits: 1 }),
  };
  window.Chart.defaults.font.family = tokens.GcdsFontFamiliesBody;
  window.Chart.defaults.font.size = 14;
  window.Chart.defaults.color = tokens.GcdsTextPrimary;
  container.append(renderTotals(data.totals, strings, formats));
  for (const table of data.tables) container.append(renderSection(table, strings, formats));
  status.textContent = strings.periodShown.replace('{from}', data.period.from).replace('{to}', data.period.to);
  main.dataset.loaded = 'true';
} catch (error) {
  console.error('insights:', error);
  status.textContent = status.dataset.failed;
  status.classList.add('failed');
}
