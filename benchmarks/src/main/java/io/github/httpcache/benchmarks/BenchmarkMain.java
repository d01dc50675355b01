package io.github.httpcache.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with JMH's own command line, after starting one embedded redis-server for the whole run and
 * passing its address to the benchmarks: as a system property of this JVM (run.sh runs the trials in
 * this JVM, {@code -f 0}) and of any fork ({@code -D}{@value BenchRedis#ADDRESS_PROPERTY}), so trials
 * do not each pay for a server start. When {@value CpuPinning#CPU_VARIABLE} names a CPU, the server
 * is pinned to it from its start; the benchmarks move onto it after their warm-up (see
 * {@link OneCpuMeasurement}).
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
			printRedisVersion(redis);
			System.setProperty(BenchRedis.ADDRESS_PROPERTY, redis.address());
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

	/** For the record of the run: which redis-server the embedded-redis jar brought. */
	private static void printRedisVersion(BenchRedis redis) {
		RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String info = connection.sync().info("server");
			info.lines()
				.filter((line) -> line.startsWith("redis_version:"))
				.findFirst()
				.ifPresent((line) -> System.out.println("# redis-server " + line.substring(line.indexOf(':') + 1).trim()));
		}
		finally {
			client.shutdown();
		}
	}

	private static void pinRedis() {
		if (!CpuPinning.enabled()) {
			System.out.println("# redis-server not pinned");
			return;
		}
		ProcessHandle.current().children().forEach((child) -> {
			String command = child.info().command().orElse("");
			if (command.contains("redis")) {
				CpuPinning.pin(child.pid());
				System.out.println("# redis-server (pid " + child.pid() + ") pinned to CPU "
						+ System.getenv(CpuPinning.CPU_VARIABLE));
			}
		});
	}

}
