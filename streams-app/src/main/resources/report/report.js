// Draws a run report's charts with uPlot from the JSON in #report-data. Sets window.reportCharts (the
// uPlot instances) and window.reportDrawn (true once every chart is drawn) for the tests.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  window.reportCharts = charts;
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  var eventTime = data.clock === 'event';

  function width(id) {
    return Math.max(300, document.getElementById(id).clientWidth);
  }

  function number(v) {
    return v == null ? '-' : (Math.round(v * 100) / 100).toLocaleString('en-US');
  }

  function timeAxisLabel() {
    return eventTime ? 'event time (UTC)' : 'time of the run (UTC)';
  }

  function timeChart(id, series, columns, options) {
    var opts = {
      width: width(id),
      height: 260,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'UTC'); },
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } } },
      axes: [{ label: timeAxisLabel(), labelSize: 20 }, { label: options.yLabel, labelSize: 20, size: 60 }],
      series: [{ label: 'time', value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' }].concat(series),
      legend: { live: true }
    };
    var chart = new uPlot(opts, [data.t].concat(columns), document.getElementById(id));
    chart.reportId = id;
    charts.push(chart);
    return chart;
  }

  function line(label, color, extra) {
    var s = { label: label, stroke: color, width: 2, value: function (u, v) { return number(v); } };
    for (var k in extra) { s[k] = extra[k]; }
    return s;
  }

  // Events in: the rate between two samples, per second of the axis' clock.
  var rate = data.t.map(function (t, i) {
    if (i === 0) { return null; }
    var seconds = t - data.t[i - 1];
    return seconds > 0 ? (data.events[i] - data.events[i - 1]) / seconds : null;
  });
  timeChart('chart-events', [line('events/s', palette[0], { fill: 'rgba(31,119,180,0.12)' })], [rate],
    { yLabel: eventTime ? 'events / s of event time' : 'events / s' });
  document.getElementById('note-events').textContent = 'Valid events read by the pipeline: '
    + number(data.events.length ? data.events[data.events.length - 1] : 0) + ' in all'
    + (eventTime ? ', per second of the events\u2019 own time.' : '.');

  var stepped = uPlot.paths.stepped({ align: 1 });
  timeChart('chart-protections', [
    line('active', palette[1], { fill: 'rgba(214,39,40,0.10)' }),
    line('applied', palette[3], { paths: stepped }),
    line('released', palette[2], { paths: stepped }),
    line('watches started', palette[4], { paths: stepped, dash: [6, 4] })
  ], [data.active, data.applied, data.released, data.watches], { yLabel: 'accounts' });

  var rules = Object.keys(data.rules);
  if (rules.length > 0) {
    timeChart('chart-rules', rules.map(function (rule, i) {
      return line(rule, palette[i % palette.length], { paths: stepped });
    }), rules.map(function (rule) { return data.rules[rule]; }), { yLabel: 'protections' });
  } else {
    document.getElementById('note-rules').textContent = 'No rule applied a protection in this run.';
  }

  // Time to decision: how many protections were decided within each histogram bucket.
  var ttd = data.timeToDecision;
  if (ttd) {
    var labels = ttd.upToSeconds.map(function (s) { return s == null ? 'more' : '\u2264 ' + duration(s); });
    var x = labels.map(function (l, i) { return i; });
    // About a dozen labels at most, so that they stay readable; every bar keeps its value in the legend.
    var step = Math.max(1, Math.ceil(x.length / 12));
    var labelled = x.filter(function (i) { return i % step === 0; });
    var chart = new uPlot({
      width: width('chart-time-to-decision'),
      height: 260,
      scales: { x: { time: false, range: [-0.5, x.length - 0.5] }, y: { range: function (u, min, max) { return [0, max * 1.1]; } } },
      axes: [
        { label: 'decided within', labelSize: 20, size: 56, rotate: -40, splits: function () { return labelled; },
          values: function (u, splits) { return splits.map(function (i) { return labels[i] || ''; }); } },
        { label: 'protections', labelSize: 20, size: 60 }
      ],
      series: [
        { label: 'bucket', value: function (u, i) { return i == null ? '-' : labels[i]; } },
        { label: 'protections', stroke: palette[0], fill: 'rgba(31,119,180,0.55)', width: 1,
          paths: uPlot.paths.bars({ size: [0.8, 60] }), points: { show: false } }
      ]
    }, [x, ttd.counts], document.getElementById('chart-time-to-decision'));
    chart.reportId = 'chart-time-to-decision';
    charts.push(chart);
    var note = document.getElementById('note-time-to-decision');
    note.textContent = ttd.count.toLocaleString('en-US') + ' protections; median ' + bound(ttd.p50Seconds)
      + ', 95% ' + bound(ttd.p95Seconds) + ', all ' + bound(ttd.allSeconds)
      + ' (at the resolution of the histogram\u2019s buckets). ' + note.textContent;
  }

  function bound(s) {
    return s == null ? 'beyond the largest bucket' : '\u2264 ' + duration(s);
  }

  function duration(s) {
    if (s < 1) { return Math.round(s * 1000) + ' ms'; }
    if (s < 60) { return (Math.round(s * 10) / 10) + ' s'; }
    if (s < 3600) { return (Math.round(s / 6) / 10) + ' min'; }
    return (Math.round(s / 360) / 10) + ' h';
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.setSize({ width: width(c.reportId), height: 260 }); });
  });
  window.reportDrawn = true;
})();
