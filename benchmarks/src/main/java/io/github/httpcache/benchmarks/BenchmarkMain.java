package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with JMH's own command line, after starting one embedded Redis for the whole run and
 * passing its address to every fork ({@code -D}{@value BenchRedis#ADDRESS_PROPERTY}), so forks do not
 * each pay for a server start. When the environment variable {@code BENCH_REDIS_CPU} names a CPU and
 * {@code taskset} exists, the server is pinned to it (run.sh pins this JVM and so its forks to the
 * other CPU): the client side and Redis then never compete for a core.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
		CommandLineOptions commandLine = new CommandLineOptions(args);
		if (commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListProfilers()
				|| commandLine.shouldListWithParams() || commandLine.shouldListResultFormats()) {
			org.openjdk.jmh.Main.main(args);
			return;
		}
		BenchRedis redis = BenchRedis.startEmbedded();
		try {
			pinRedis();
			List<String> jvmArgs = new ArrayList<>(commandLine.getJvmArgsAppend().orElse(List.of()));
			jvmArgs.add("-D" + BenchRedis.ADDRESS_PROPERTY + "=" + redis.address());
			Options options = new OptionsBuilder().parent(commandLine)
				.jvmArgsAppend(jvmArgs.toArray(String[]::new))
				.build();
			new Runner(options).run();
		}
		finally {
			redis.stop();
		}
	}

	private static void pinRedis() {
		String cpu = System.getenv("BENCH_REDIS_CPU");
		if (cpu == null || cpu.isBlank()) {
			return;
		}
		ProcessHandle.current().children().forEach((child) -> {
			String command = child.info().command().orElse("");
			if (command.contains("redis")) {
				try {
					Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpu.trim(),
							Long.toString(child.pid()))
						.redirectErrorStream(true)
						.start();
					String output = new String(taskset.getInputStream().readAllBytes()).trim();
					taskset.waitFor();
					System.out.println("# redis-server (pid " + child.pid() + ") pinned: " + output.replace('\n', ' '));
				}
				catch (IOException ex) {
					System.out.println("# redis-server not pinned: " + ex.getMessage());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		});
	}

}
