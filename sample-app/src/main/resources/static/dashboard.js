// The sample's dashboard: plain JavaScript, no build step. It fires demo calls and polls Actuator.
// Every Actuator read degrades to "no data yet" when the meter or endpoint does not exist (yet).
(function () {
	'use strict';

	var METRIC = 'actuator/metrics/http.client.cache.requests';
	var ENDPOINT = 'actuator/httpcache';
	var POLL_MILLIS = 2000;
	var RESULTS = ['hit', 'stale', 'revalidated', 'modified', 'miss', 'bypass', 'error'];
	var FROM_CACHE = ['hit', 'stale', 'revalidated'];
	var CLIENTS = [
		{ id: 'rest-client', name: 'RestClient' },
		{ id: 'rest-template', name: 'RestTemplate' },
		{ id: 'web-client', name: 'WebClient' }
	];
	var SCENARIOS = [
		{ id: 'slow', sends: 'ETag, no freshness information: expire-after (1m) decides, then If-None-Match' },
		{ id: 'etag', sends: 'ETag with Cache-Control: no-cache: revalidated on every use, the origin answers 304' },
		{ id: 'last-modified', sends: 'Last-Modified only; urls-expire-after gives it 0: revalidated with If-Modified-Since' },
		{ id: 'max-age', sends: 'Cache-Control: max-age=30' },
		{ id: 'no-store', sends: 'Cache-Control: no-store: never stored' },
		{ id: 'immutable', sends: 'Cache-Control: public, max-age=31536000, immutable: kept without expiry' },
		{ id: 'vary', sends: 'Vary: Accept-Language, max-age=60: one variant per language' },
		{ id: 'flaky', sends: 'max-age=10; 503 when "fails" is ticked: stale-if-error answers with the stored copy' }
	];

	var ratioHistory = [];

	function element(tag, text, className) {
		var node = document.createElement(tag);
		if (text !== undefined && text !== null) {
			node.textContent = text;
		}
		if (className) {
			node.className = className;
		}
		return node;
	}

	function getJson(url) {
		return fetch(url, { headers: { Accept: 'application/json' } }).then(function (response) {
			return response.ok ? response.json() : null;
		}).catch(function () {
			return null;
		});
	}

	// What a Cache-Status value says, as one of the metric's result names (or "none").
	function resultOf(cacheStatus, status) {
		if (!cacheStatus) {
			return 'none';
		}
		if (/;\s*hit\b/.test(cacheStatus)) {
			return 'hit';
		}
		if (/fwd-status=304/.test(cacheStatus)) {
			return 'revalidated';
		}
		if (/detail=store-unavailable/.test(cacheStatus) || status >= 500) {
			return 'error';
		}
		if (/fwd=bypass/.test(cacheStatus)) {
			return 'bypass';
		}
		return 'miss';
	}

	// --- Demo calls -------------------------------------------------------------------------------

	function demoUrl(client, scenario) {
		var url = 'demo/' + client + '/' + scenario;
		var params = [];
		if (scenario === 'vary') {
			params.push('lang=' + encodeURIComponent(document.getElementById('lang').value));
		}
		if (scenario === 'flaky' && document.getElementById('fail').checked) {
			params.push('fail=true');
		}
		if (document.getElementById('shared').checked) {
			params.push('shared=true');
		}
		return params.length ? url + '?' + params.join('&') : url;
	}

	function fire(client, scenario) {
		return fetch(demoUrl(client, scenario)).then(function (response) {
			return response.json();
		}).then(logCall).catch(function (error) {
			logCall({ client: client, scenario: scenario, status: 0, cacheStatus: String(error), millis: null });
		}).then(poll);
	}

	function logCall(call) {
		var log = document.getElementById('call-log');
		var empty = log.querySelector('.empty');
		if (empty) {
			log.removeChild(empty);
		}
		var row = element('tr');
		var result = resultOf(call.cacheStatus, call.status);
		row.appendChild(element('td', new Date().toLocaleTimeString()));
		row.appendChild(element('td', call.client));
		row.appendChild(element('td', call.scenario));
		row.appendChild(element('td', call.status));
		row.appendChild(element('td', call.cacheStatus || '(none: this client is not cached yet)', 'result-' + result));
		row.appendChild(element('td', call.age !== null && call.age !== undefined ? call.age + ' s' : ''));
		row.appendChild(element('td', call.millis !== null ? call.millis + ' ms' : ''));
		log.insertBefore(row, log.firstChild);
		while (log.children.length > 50) {
			log.removeChild(log.lastChild);
		}
	}

	function buildButtons() {
		var body = document.querySelector('#scenarios tbody');
		SCENARIOS.forEach(function (scenario) {
			var row = element('tr');
			row.appendChild(element('td', scenario.id));
			row.appendChild(element('td', scenario.sends));
			CLIENTS.forEach(function (client) {
				var cell = element('td');
				var button = element('button', client.name);
				button.dataset.client = client.id;
				button.dataset.scenario = scenario.id;
				button.addEventListener('click', function () {
					fire(client.id, scenario.id);
				});
				cell.appendChild(button);
				row.appendChild(cell);
			});
			var all = element('td');
			var allButton = element('button', 'all three');
			allButton.addEventListener('click', function () {
				CLIENTS.reduce(function (previous, client) {
					return previous.then(function () {
						return fire(client.id, scenario.id);
					});
				}, Promise.resolve());
			});
			all.appendChild(allButton);
			row.appendChild(all);
			body.appendChild(row);
		});
	}

	// --- Actuator ---------------------------------------------------------------------------------

	function count(metric) {
		if (!metric || !metric.measurements) {
			return 0;
		}
		var total = 0;
		metric.measurements.forEach(function (measurement) {
			if (measurement.statistic === 'COUNT') {
				total += measurement.value;
			}
		});
		return total;
	}

	function readResults() {
		return getJson(METRIC).then(function (metric) {
			if (!metric) {
				return null;
			}
			var known = RESULTS.slice();
			(metric.availableTags || []).forEach(function (tag) {
				if (tag.tag === 'result') {
					tag.values.forEach(function (value) {
						if (known.indexOf(value) < 0) {
							known.push(value);
						}
					});
				}
			});
			return Promise.all(known.map(function (result) {
				return getJson(METRIC + '?tag=result:' + encodeURIComponent(result)).then(function (drill) {
					return { result: result, count: count(drill) };
				});
			})).then(function (counts) {
				return { total: count(metric), counts: counts };
			});
		});
	}

	function showResults(data) {
		var container = document.getElementById('results');
		container.textContent = '';
		if (!data || data.total === 0) {
			container.appendChild(element('p', data ? 'No requests counted yet.'
					: 'No data yet: the meter http.client.cache.requests does not exist (yet).', 'no-data'));
			document.getElementById('ratio').textContent = '–';
			return;
		}
		var table = element('table');
		data.counts.forEach(function (entry) {
			var row = element('tr');
			row.appendChild(element('td', entry.result, 'result-' + entry.result));
			row.appendChild(element('td', entry.count));
			var barCell = element('td');
			var bar = element('span', null, 'bar');
			bar.style.width = Math.round(300 * entry.count / data.total) + 'px';
			barCell.appendChild(bar);
			row.appendChild(barCell);
			table.appendChild(row);
		});
		var totalRow = element('tr');
		totalRow.appendChild(element('th', 'all'));
		totalRow.appendChild(element('th', data.total));
		totalRow.appendChild(element('th'));
		table.appendChild(totalRow);
		container.appendChild(table);

		var fromCache = data.counts.reduce(function (sum, entry) {
			return FROM_CACHE.indexOf(entry.result) >= 0 ? sum + entry.count : sum;
		}, 0);
		var ratio = fromCache / data.total;
		document.getElementById('ratio').textContent = (100 * ratio).toFixed(1) + ' %  (' + fromCache + ' of ' + data.total + ')';
		ratioHistory.push({ time: Date.now(), ratio: ratio });
		if (ratioHistory.length > 300) {
			ratioHistory.shift();
		}
		drawRatio();
	}

	function drawRatio() {
		var canvas = document.getElementById('ratio-chart');
		var context = canvas.getContext('2d');
		var width = canvas.width;
		var height = canvas.height;
		context.clearRect(0, 0, width, height);
		context.strokeStyle = '#eee';
		context.fillStyle = '#888';
		context.font = '11px sans-serif';
		[0, 0.5, 1].forEach(function (level) {
			var y = height - 10 - level * (height - 20);
			context.beginPath();
			context.moveTo(30, y);
			context.lineTo(width, y);
			context.stroke();
			context.fillText(Math.round(level * 100) + '%', 0, y + 4);
		});
		if (ratioHistory.length < 2) {
			return;
		}
		var first = ratioHistory[0].time;
		var span = Math.max(ratioHistory[ratioHistory.length - 1].time - first, 1);
		context.strokeStyle = '#1a7f37';
		context.lineWidth = 2;
		context.beginPath();
		ratioHistory.forEach(function (point, index) {
			var x = 30 + (width - 35) * (point.time - first) / span;
			var y = height - 10 - point.ratio * (height - 20);
			if (index === 0) {
				context.moveTo(x, y);
			}
			else {
				context.lineTo(x, y);
			}
		});
		context.stroke();
		context.lineWidth = 1;
	}

	function showUpstreamRequests(counts) {
		var container = document.getElementById('upstream-requests');
		container.textContent = '';
		if (!counts || Object.keys(counts).length === 0) {
			container.appendChild(element('p', 'No data yet: no request has reached the upstream.', 'no-data'));
			return;
		}
		var table = element('table');
		Object.keys(counts).forEach(function (scenario) {
			var row = element('tr');
			row.appendChild(element('td', scenario));
			row.appendChild(element('td', counts[scenario]));
			table.appendChild(row);
		});
		container.appendChild(table);
	}

	function showEndpoint(body) {
		var pre = document.getElementById('httpcache');
		pre.textContent = '';
		if (!body) {
			pre.appendChild(element('span', 'No data yet: the httpcache endpoint is not available (yet).', 'no-data'));
			return;
		}
		pre.textContent = JSON.stringify(body, null, 2);
	}

	var polling = false;

	function poll() {
		if (polling) {
			return Promise.resolve();
		}
		polling = true;
		return Promise.all([
			readResults().then(showResults),
			getJson('upstream/requests').then(showUpstreamRequests),
			getJson(ENDPOINT).then(showEndpoint)
		]).catch(function () {
			// one failed poll changes nothing; the next one tries again
		}).then(function () {
			polling = false;
		});
	}

	buildButtons();
	drawRatio();
	poll();
	setInterval(poll, POLL_MILLIS);
})();
