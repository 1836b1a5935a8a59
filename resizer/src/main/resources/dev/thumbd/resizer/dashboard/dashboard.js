// thumbd resizer dashboard: polls /admin/stats (write token from the URL fragment #token=..., kept for this tab
// only) and draws the stage heat map, request and error rates, the degradation level and the bottleneck table.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var token = null;
  var match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    token = decodeURIComponent(match[1]);
    sessionStorage.setItem("thumbd.token", token);
    history.replaceState(null, "", location.pathname);   // the token leaves the address bar
  } else {
    token = sessionStorage.getItem("thumbd.token");
  }

  var login = document.getElementById("login");
  login.addEventListener("submit", function (e) {
    e.preventDefault();
    token = document.getElementById("token").value;
    sessionStorage.setItem("thumbd.token", token);
    login.hidden = true;
    poll();
  });

  function status(text) {
    document.getElementById("status").textContent = text;
  }

  // dark blue (fast) to yellow (slow), on a log scale from 0.1 ms to 10 s
  function colour(ms) {
    var t = Math.min(1, Math.max(0, (Math.log10(Math.max(ms, 0.1)) + 1) / 5));
    var stops = [[13, 8, 135], [126, 3, 168], [204, 71, 120], [248, 149, 64], [240, 249, 33]];
    var x = t * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(x)), f = x - i;
    var c = stops[i].map(function (v, k) { return Math.round(v + (stops[i + 1][k] - v) * f); });
    return "rgb(" + c.join(",") + ")";
  }

  function heatmap(data) {
    var canvas = document.getElementById("heatmap"), g = canvas.getContext("2d");
    var left = 70, top = 4, bottom = 22;
    var cols = data.heat.length, rows = data.stages.length;
    var cw = (canvas.width - left) / cols, ch = (canvas.height - top - bottom) / rows;
    g.fillStyle = "#171a21";
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.font = "12px system-ui, sans-serif";
    g.textBaseline = "middle";
    var cells = 0;
    for (var r = 0; r < rows; r++) {
      g.fillStyle = "#aab";
      g.fillText(data.stages[r], 4, top + ch * (r + 0.5));
      for (var c = 0; c < cols; c++) {
        var ms = data.heat[c][r];
        g.fillStyle = ms === null ? "#22262f" : colour(ms);
        g.fillRect(left + c * cw + 1, top + r * ch + 1, cw - 2, ch - 2);
        if (ms !== null) {
          cells++;
          if (cw > 34) {
            g.fillStyle = ms < 15 ? "#fff" : "#000";   // light text on the dark (fast) end of the scale
            g.fillText(ms < 10 ? ms.toFixed(1) : Math.round(ms), left + c * cw + 4, top + ch * (r + 0.5));
          }
        }
      }
    }
    g.fillStyle = "#889";
    g.textBaseline = "alphabetic";
    g.fillText("-" + (cols * data.windowSeconds) + " s", left, canvas.height - 6);
    g.fillText("now", canvas.width - 28, canvas.height - 6);
    return cells;
  }

  function bars(id, series, colours, unit) {
    var canvas = document.getElementById(id), g = canvas.getContext("2d");
    var left = 50, bottom = 18, n = series[0].length;
    g.fillStyle = "#171a21";
    g.fillRect(0, 0, canvas.width, canvas.height);
    var max = 0;
    series.forEach(function (s) { s.forEach(function (v) { max = Math.max(max, v); }); });
    max = max > 0 ? max * 1.1 : 1;
    var w = (canvas.width - left) / n, h = canvas.height - bottom - 4;
    series.forEach(function (s, k) {
      g.fillStyle = colours[k];
      s.forEach(function (v, i) {
        var bh = h * v / max;
        g.fillRect(left + i * w + 1 + k * (w - 2) / series.length, 4 + h - bh, (w - 2) / series.length, bh);
      });
    });
    g.fillStyle = "#889";
    g.font = "12px system-ui, sans-serif";
    g.fillText(max >= 10 ? Math.round(max) + unit : max.toFixed(1) + unit, 2, 14);
    g.fillText("0", 2, canvas.height - bottom);
  }

  function render(data) {
    var cells = heatmap(data);
    var secs = data.windowSeconds;
    bars("rate", [data.requests.map(function (n) { return n / secs; })], ["#4fc3f7"], "/s");
    bars("errors", [
      data.clientErrors.map(function (n, i) { return data.requests[i] ? 100 * n / data.requests[i] : 0; }),
      data.serverErrors.map(function (n, i) { return data.requests[i] ? 100 * n / data.requests[i] : 0; })
    ], ["#ff9800", "#f44336"], "%");
    var d = data.degradation, level = document.getElementById("level");
    level.textContent = d.level;
    level.className = "l" + d.level;
    document.getElementById("levelSources").textContent = "(water levels " + d.localLevel + ", alerts " + d.alertLevel + ")";
    var tbody = document.querySelector("#bottlenecks tbody");
    tbody.textContent = "";
    data.bottlenecks.forEach(function (b) {
      var tr = document.createElement("tr");
      [b.stage, (100 * b.share).toFixed(1) + "%", b.meanMillis.toFixed(2), b.renders,
        (b.persistent ? "persistent " : "") + (b.transientBottleneck ? "transient" : ""), b.suggestion || ""].forEach(function (v, i) {
        var td = document.createElement("td");
        td.textContent = v;
        if (i === 4) { td.className = "flag"; }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    document.body.dataset.cells = String(cells);
    document.body.dataset.level = String(d.level);
    document.body.dataset.state = "drawn";
    status("updated " + new Date(data.at).toLocaleTimeString());
  }

  function poll() {
    if (!token) {
      login.hidden = false;
      status("token needed");
      return;
    }
    fetch("/admin/stats", { headers: { "Authorization": "Bearer " + token }, cache: "no-store" })
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          token = null;
          sessionStorage.removeItem("thumbd.token");
          throw new Error("token refused");
        }
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (data) { render(data); setTimeout(poll, POLL_MS); })
      .catch(function (e) {
        status(e.message);
        document.body.dataset.state = "error";
        if (token) { setTimeout(poll, POLL_MS); } else { login.hidden = false; }
      });
  }
  poll();
})();
