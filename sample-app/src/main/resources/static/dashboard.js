// The sample's dashboard: plain JavaScript, no build step. It fires demo calls and polls Actuator and
// the sample's own /demo/calls (the last calls from any client) and /demo/history (the meters sampled
// on the server, so charts do not start empty with each page load). Every read degrades to
// "no data yet" when the meter or endpoint does not exist (yet).
(function () {
	'use strict';

	var METRIC = 'actuator/metrics/http.client.cache.requests';
	var LATENCY = 'actuator/metrics/http.client.cache.store.latency';
	var CALLS = 'demo/calls';
	var HISTORY = 'demo/history';
	var CALLS_SHOWN = 8;
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

	// What a Cache-Status value says, as one of the metric's result names (or "none"), as README's
	// Cache-Status table gives them.
	function resultOf(cacheStatus, status) {
		if (!cacheStatus) {
			return 'none';
		}
		if (/detail=(store-unavailable|must-revalidate)/.test(cacheStatus)) {
			return 'error';
		}
		if (/;\s*hit\b/.test(cacheStatus)) {
			return /ttl=-|detail=stale-while-revalidate/.test(cacheStatus) ? 'stale' : 'hit';
		}
		if (/detail=stale-if-error/.test(cacheStatus)) {
			return 'stale';
		}
		if (/fwd-status=304/.test(cacheStatus)) {
			return 'revalidated';
		}
		if (/fwd=stale/.test(cacheStatus)) {
			return 'modified';
		}
		if (/fwd=bypass/.test(cacheStatus)) {
			return 'bypass';
		}
		return status >= 500 ? 'error' : 'miss';
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

	// The call lands in the server's list of last calls, which the next poll shows.
	function fire(client, scenario) {
		return fetch(demoUrl(client, scenario)).catch(function () {
			// shown as missing from the last calls
		}).then(poll);
	}

	function showCalls(calls) {
		var log = document.getElementById('call-log');
		if (!calls) {
			return;
		}
		if (calls.length === 0) {
			return;
		}
		log.textContent = '';
		calls.slice(0, CALLS_SHOWN).forEach(function (recorded) {
			var call = recorded.call;
			var row = element('tr');
			var result = resultOf(call.cacheStatus, call.status);
			row.appendChild(element('td', new Date(recorded.time).toLocaleTimeString()));
			row.appendChild(element('td', call.client));
			row.appendChild(element('td', call.scenario));
			row.appendChild(element('td', call.status));
			row.appendChild(element('td', call.cacheStatus || '(none: not through the cache)', 'result-' + result));
			row.appendChild(element('td', call.age !== null && call.age !== undefined ? call.age + ' s' : ''));
			row.appendChild(element('td', call.millis !== null ? call.millis + ' ms' : ''));
			log.appendChild(row);
		});
		if (calls.length > CALLS_SHOWN) {
			var more = element('tr', null, 'more');
			more.appendChild(element('td', '… and ' + (calls.length - CALLS_SHOWN) + ' earlier calls at /demo/calls'));
			more.firstChild.colSpan = 7;
			log.appendChild(more);
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
			bar.style.width = Math.round(160 * entry.count / data.total) + 'px';
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
		document.getElementById('ratio').textContent = (100 * ratio).toFixed(1) + ' %';
		document.getElementById('ratio').title = fromCache + ' of ' + data.total + ' requests';
		document.getElementById('ratio').dataset.fromCache = fromCache;
		document.getElementById('ratio').dataset.total = data.total;
	}

	// Per policy: every value of the meter's 'cache' tag, read generically (the default is 'http-cache',
	// a named policy is its name), with its requests and the share answered from the cache.
	function readPolicies() {
		return getJson(METRIC).then(function (metric) {
			var names = [];
			((metric && metric.availableTags) || []).forEach(function (tag) {
				if (tag.tag === 'cache') {
					names = tag.values.slice().sort();
				}
			});
			return Promise.all(names.map(function (name) {
				var byName = METRIC + '?tag=cache:' + encodeURIComponent(name);
				return Promise.all([getJson(byName)].concat(FROM_CACHE.map(function (result) {
					return getJson(byName + '&tag=result:' + encodeURIComponent(result));
				}))).then(function (metrics) {
					var fromCache = metrics.slice(1).reduce(function (sum, drill) {
						return sum + count(drill);
					}, 0);
					return { name: name, total: count(metrics[0]), fromCache: fromCache };
				});
			}));
		});
	}

	function showPolicies(policies) {
		var container = document.getElementById('policies');
		container.textContent = '';
		if (!policies || policies.length === 0) {
			container.appendChild(element('p', 'No requests counted yet.', 'no-data'));
			return;
		}
		var table = element('table');
		var head = element('tr');
		['policy (cache)', 'requests', 'from cache', 'hit ratio'].forEach(function (title) {
			head.appendChild(element('th', title));
		});
		table.appendChild(head);
		policies.forEach(function (policy) {
			var row = element('tr');
			row.dataset.policy = policy.name;
			row.appendChild(element('td', policy.name));
			row.appendChild(element('td', policy.total));
			row.appendChild(element('td', policy.fromCache));
			row.appendChild(element('td', policy.total > 0 ? (100 * policy.fromCache / policy.total).toFixed(1) + ' %' : '–'));
			table.appendChild(row);
		});
		container.appendChild(table);
	}

	// Mean and largest store read, from the timer's COUNT, TOTAL_TIME and MAX (seconds).
	function showLatency(metric) {
		var latency = document.getElementById('latency');
		var detail = document.getElementById('latency-detail');
		var stats = {};
		((metric && metric.measurements) || []).forEach(function (measurement) {
			stats[measurement.statistic] = measurement.value;
		});
		if (!stats.COUNT) {
			latency.textContent = '–';
			detail.textContent = metric ? 'No store reads yet.' : 'No data yet: the store latency timer does not exist (yet).';
			return;
		}
		latency.textContent = (1000 * stats.TOTAL_TIME / stats.COUNT).toFixed(2) + ' ms';
		detail.textContent = 'mean of ' + stats.COUNT + ' store reads (get) since start; slowest in the last 2 minutes '
				+ (1000 * (stats.MAX || 0)).toFixed(1) + ' ms';
	}

	function showHistory(samples) {
		samples = samples || [];
		drawLine('ratio-chart', samples.map(function (sample) {
			return { time: Date.parse(sample.time), value: sample.hitRatio };
		}), 1, function (value) {
			return Math.round(value * 100) + '%';
		}, '#1a7f37');
		var latencies = samples.map(function (sample) {
			return { time: Date.parse(sample.time), value: sample.storeGetMillis };
		});
		var top = latencies.reduce(function (max, point) {
			return point.value !== null && point.value > max ? point.value : max;
		}, 1);
		drawLine('latency-chart', latencies, top, function (value) {
			return value.toFixed(value < 10 ? 1 : 0) + 'ms';
		}, '#4c8bf5');
	}

	// A line over time; points without a value (no requests yet, no store reads in an interval) are gaps.
	function drawLine(id, points, top, label, colour) {
		var canvas = document.getElementById(id);
		var context = canvas.getContext('2d');
		var width = canvas.width;
		var height = canvas.height;
		context.clearRect(0, 0, width, height);
		context.strokeStyle = '#eee';
		context.fillStyle = '#888';
		context.font = '10px sans-serif';
		[0, 0.5, 1].forEach(function (level) {
			var y = height - 6 - level * (height - 14);
			context.beginPath();
			context.moveTo(40, y);
			context.lineTo(width, y);
			context.stroke();
			context.fillText(label(level * top), 0, y + 4);
		});
		if (points.length < 2) {
			return;
		}
		var first = points[0].time;
		var span = Math.max(points[points.length - 1].time - first, 1);
		context.strokeStyle = colour;
		context.lineWidth = 2;
		context.beginPath();
		var drawing = false;
		points.forEach(function (point) {
			if (point.value === null || point.value === undefined) {
				drawing = false;
				return;
			}
			var x = 40 + (width - 44) * (point.time - first) / span;
			var y = height - 6 - Math.min(point.value / top, 1) * (height - 14);
			if (drawing) {
				context.lineTo(x, y);
			}
			else {
				context.moveTo(x, y);
				drawing = true;
			}
		});
		context.stroke();
		context.lineWidth = 1;
	}

	// Where each key panel ends, for the screenshot test's "above the fold" check.
	function reportLayout() {
		Array.prototype.forEach.call(document.querySelectorAll('.key'), function (panel) {
			panel.dataset.bottom = Math.round(panel.getBoundingClientRect().bottom + window.scrollY);
		});
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
			readPolicies().then(showPolicies),
			getJson(LATENCY + '?tag=operation:get').then(showLatency),
			getJson(CALLS).then(showCalls),
			getJson(HISTORY).then(showHistory),
			getJson('upstream/requests').then(showUpstreamRequests),
			getJson(ENDPOINT).then(showEndpoint)
		]).then(reportLayout).catch(function () {
			// one failed poll changes nothing; the next one tries again
		}).then(function () {
			polling = false;
		});
	}

	buildButtons();
	showHistory([]);
	poll();
	setInterval(poll, POLL_MILLIS);
})();
