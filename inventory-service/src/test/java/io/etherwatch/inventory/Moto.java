package io.etherwatch.inventory;

import io.etherwatch.testsupport.MotoServer;
import io.etherwatch.testsupport.SharedServices;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** SDK clients of the tests' own, to seed the shared moto server (not counted by the service). */
public final class Moto {
  private Moto() {}

  public static Ec2Client ec2() {
    return MotoServer.configure(Ec2Client.builder(), SharedServices.motoEndpoint()).build();
  }

  public static CloudWatchClient cloudWatch() {
    return MotoServer.configure(CloudWatchClient.builder(), SharedServices.motoEndpoint()).build();
  }

  public static CloudWatchLogsClient logs() {
    return MotoServer.configure(CloudWatchLogsClient.builder(), SharedServices.motoEndpoint())
        .build();
  }

  /** A short unique name part: moto is shared by every test class of the JVM. */
  public static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
