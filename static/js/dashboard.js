/* Dashboard charts: figures from the API's stats endpoints (the same aggregates as reports),
   labels from the page's json_script block. No inline script: the pages run under a CSP. */
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || !window.echarts) { return; }
  var L = JSON.parse(document.getElementById("chart-labels").textContent);
  var charts = [];

  function get(url) {
    return fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(url + " " + r.status); } return r.json(); });
  }
  function pick(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, obj);
  }
  function fmt(n) { return n == null ? "—" : Number(n).toLocaleString("zh-CN"); }
  function draw(name, option) {
    var el = root.querySelector('[data-chart="' + name + '"]');
    if (!el) { return; }
    var chart = echarts.init(el, null, {renderer: "svg"});
    chart.setOption(Object.assign({tooltip: {trigger: "item"}, grid: {containLabel: true, left: 8, right: 16, top: 24, bottom: 8}}, option));
    el.setAttribute("data-drawn", "1");
    charts.push(chart);
  }
  function empty(name, text) {
    var el = root.querySelector('[data-chart="' + name + '"]');
    if (el) { el.classList.add("chart-empty"); el.textContent = text; el.setAttribute("data-drawn", "1"); }
  }
  function bars(name, map, labels, horizontal) {
    var keys = Object.keys(map || {});
    if (!keys.length) { return empty(name, root.dataset.empty || ""); }
    var names = keys.map(function (k) { return (labels && labels[k]) || k; });
    var values = keys.map(function (k) { return map[k]; });
    var el = root.querySelector('[data-chart="' + name + '"]');
    if (horizontal && el && keys.length > 8) { el.style.height = (keys.length * 22 + 60) + "px"; }
    var cat = {type: "category", data: names, axisLabel: {interval: 0, width: 90, overflow: "truncate"}};
    var val = {type: "value", minInterval: 1};
    draw(name, {tooltip: {trigger: "axis"}, xAxis: horizontal ? val : cat, yAxis: horizontal ? cat : val,
                series: [{type: "bar", data: values, itemStyle: {color: "#b3261e"}, label: {show: true, position: horizontal ? "right" : "top"}}]});
  }
  function pie(name, map, labels) {
    var keys = Object.keys(map || {});
    if (!keys.length) { return empty(name, root.dataset.empty || ""); }
    draw(name, {series: [{type: "pie", radius: ["35%", "65%"], label: {formatter: "{b}：{c}"},
      data: keys.map(function (k) { return {name: labels[k] || k, value: map[k]}; })}]});
  }

  get(root.dataset.overview).then(function (o) {
    root.querySelectorAll("[data-kpi]").forEach(function (el) { el.textContent = fmt(pick(o, el.dataset.kpi) || 0); });
    pie("status", o.placements.by_status, L.status);
    bars("direction", o.placements.by_direction, L.direction);
    bars("unit_kind", o.placements.by_home_unit_kind, L.unit_kind, true);
    var regions = {};
    Object.keys(o.placements.by_host_region).forEach(function (id) {
      var r = L.regions[id] || {name: id};
      regions[(r.is_mountain_island ? "★" : "") + r.name] = o.placements.by_host_region[id];
    });
    bars("regions", regions, null, true);
    var open = Math.max((o.orders.headcount || 0) - (o.orders.filled || 0), 0);
    if (o.orders.headcount) {
      draw("orders", {series: [{type: "pie", radius: ["35%", "65%"], label: {formatter: "{b}：{c}"},
        data: [{name: L.filled, value: o.orders.filled}, {name: L.open, value: open}]}]});
    } else { empty("orders", "暂无需求订单"); }
    if (o.targets.length) {
      draw("targets", {tooltip: {trigger: "axis"}, legend: {top: 0},
        xAxis: {type: "value"}, yAxis: {type: "category", data: o.targets.map(function (t) { return t.name; }), axisLabel: {width: 120, overflow: "truncate"}},
        series: [{name: L.target, type: "bar", data: o.targets.map(function (t) { return t.target; }), itemStyle: {color: "#ccc"}},
                 {name: L.achieved, type: "bar", data: o.targets.map(function (t) { return t.achieved; }), itemStyle: {color: "#b3261e"}}]});
    } else { empty("targets", "暂无目标"); }
  }).catch(function () { root.querySelectorAll(".chart").forEach(function (el) { if (!el.dataset.drawn) { el.textContent = root.dataset.failed || ""; } }); });

  get(root.dataset.compliance).then(function (c) {
    var map = {};
    c.groups.forEach(function (g) { map[g.name || g.key] = g.rate == null ? 0 : Math.round(g.rate * 1000) / 10; });
    bars("compliance", map, null, true);
  }).catch(function () { empty("compliance", "数据加载失败"); });

  get(root.dataset.achievements).then(function (a) {
    var map = {};
    Object.keys(a.by_category || {}).forEach(function (k) { map[k] = a.by_category[k].records; });
    bars("achievements", map, L.achievement);
  }).catch(function () { empty("achievements", "数据加载失败"); });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
