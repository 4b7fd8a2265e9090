#!/usr/bin/env python3
"""Deploys the reference network (deploy/aws/reference-vpc.yaml, DESIGN section 9) to an AWS endpoint, idempotently.

Creates the CloudFormation stack when it is missing and waits for CREATE_COMPLETE; then compares what the EC2 API
shows with what the template declares and corrects, through the EC2 API, only what differs. On real AWS nothing
differs. On moto 5.2.5 (checked against a running server, see docs/decisions.md "The reference network") the stack
reaches CREATE_COMPLETE but:
  - instances get no groups of their own: DescribeInstances shows SecurityGroups [] and the primary network
    interface holds only the VPC's default group (SecurityGroupIds is ignored);
  - SubnetRouteTableAssociation resources report CREATE_COMPLETE but DescribeRouteTables shows no association;
  - MapPublicIpOnLaunch of a subnet, EnableDnsHostnames of the VPC, and the Tags of a RouteTable or an
    InternetGateway are ignored.
Each correction is a moto work-around, printed as one; the template itself is never changed for moto.

Prints one line per action on stdout; exits 1 with the reason on stderr when the stack cannot be brought up.
Running it again against a seeded endpoint changes nothing and says so.
"""
import argparse
import sys
import time

import boto3
import yaml

SHORT_TAGS = ("Ref", "Condition")
FN_TAGS = ("GetAtt", "If", "Not", "Equals", "Select", "GetAZs", "Join", "Sub", "And", "Or", "FindInMap", "Split",
           "Base64", "Cidr", "ImportValue")


class TemplateLoader(yaml.SafeLoader):
    """A YAML loader that reads CloudFormation's short forms (!Ref X, !GetAtt X.Y, ...) as their long forms."""


def _construct(tag):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if tag == "GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {tag if tag in SHORT_TAGS else "Fn::" + tag: value}

    return construct


for _tag in SHORT_TAGS + FN_TAGS:
    TemplateLoader.add_constructor("!" + _tag, _construct(_tag))


def referenced(value):
    """The logical id a property value points at (!Ref X or !GetAtt X.Attr), or None."""
    if isinstance(value, dict):
        if "Ref" in value:
            return value["Ref"]
        if "Fn::GetAtt" in value:
            return value["Fn::GetAtt"][0]
    return None


def literal_tags(properties):
    """The template's tags whose key and value are plain strings, as a dict."""
    return {t["Key"]: t["Value"] for t in properties.get("Tags", [])
            if isinstance(t.get("Key"), str) and isinstance(t.get("Value"), str)}


class Seeder:
    def __init__(self, args):
        session = boto3.session.Session(
            aws_access_key_id=args.access_key, aws_secret_access_key=args.secret_key, region_name=args.region)
        self.cfn = session.client("cloudformation", endpoint_url=args.endpoint)
        self.ec2 = session.client("ec2", endpoint_url=args.endpoint)
        self.args = args
        with open(args.template, encoding="utf-8") as f:
            self.body = f.read()
        self.template = yaml.load(self.body, Loader=TemplateLoader)  # noqa: S506 (SafeLoader subclass)
        self.fixes = 0

    def stack(self):
        try:
            return self.cfn.describe_stacks(StackName=self.args.stack_name)["Stacks"][0]
        except self.cfn.exceptions.ClientError as e:
            if "does not exist" in str(e):
                return None
            raise

    def ensure_stack(self):
        """Creates the stack unless it is there; waits for CREATE_COMPLETE. Returns True when it was created."""
        stack = self.stack()
        created = False
        if stack is None:
            parameters = [{"ParameterKey": "ImageId", "ParameterValue": self.args.image_id}]
            parameters += [{"ParameterKey": k, "ParameterValue": v}
                           for k, v in (p.split("=", 1) for p in self.args.parameter)]
            self.cfn.create_stack(StackName=self.args.stack_name, TemplateBody=self.body, Parameters=parameters)
            created = True
        deadline = time.monotonic() + self.args.timeout
        while True:
            stack = self.stack()
            status = stack["StackStatus"] if stack else "MISSING"
            if status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
                return created
            if not status.endswith("_IN_PROGRESS") or time.monotonic() > deadline:
                reason = (stack or {}).get("StackStatusReason", "")
                raise SystemExit(f"reference network: stack {self.args.stack_name} is {status} {reason}".rstrip())
            time.sleep(0.2)

    def fix(self, what):
        self.fixes += 1
        print(f"reference network: moto work-around: {what}")

    def physical_ids(self):
        resources = self.cfn.describe_stack_resources(StackName=self.args.stack_name)["StackResources"]
        return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources}

    def correct(self):
        """Makes the EC2 API show what the template declares, changing only what differs."""
        ids = self.physical_ids()
        resources = self.template["Resources"]
        by_type = {}
        for name, resource in resources.items():
            by_type.setdefault(resource["Type"], []).append((name, resource.get("Properties", {})))

        for name, props in by_type.get("AWS::EC2::VPC", []):
            for attribute in ("EnableDnsSupport", "EnableDnsHostnames"):
                if attribute not in props:
                    continue
                key = attribute[0].lower() + attribute[1:]
                shown = self.ec2.describe_vpc_attribute(VpcId=ids[name], Attribute=key)[attribute]["Value"]
                if shown != props[attribute]:
                    self.ec2.modify_vpc_attribute(VpcId=ids[name], **{attribute: {"Value": props[attribute]}})
                    self.fix(f"{name}: {attribute} set to {props[attribute]} (ignored by CloudFormation)")

        for name, props in by_type.get("AWS::EC2::Subnet", []):
            if "MapPublicIpOnLaunch" in props:
                subnet = self.ec2.describe_subnets(SubnetIds=[ids[name]])["Subnets"][0]
                if subnet.get("MapPublicIpOnLaunch", False) != props["MapPublicIpOnLaunch"]:
                    self.ec2.modify_subnet_attribute(
                        SubnetId=ids[name], MapPublicIpOnLaunch={"Value": props["MapPublicIpOnLaunch"]})
                    self.fix(f"{name}: MapPublicIpOnLaunch set (ignored by CloudFormation)")

        for kind, describe, key in (("AWS::EC2::RouteTable", "describe_route_tables", "RouteTables"),
                                    ("AWS::EC2::InternetGateway", "describe_internet_gateways", "InternetGateways")):
            for name, props in by_type.get(kind, []):
                wanted = literal_tags(props)
                id_key = "RouteTableIds" if kind.endswith("RouteTable") else "InternetGatewayIds"
                shown = getattr(self.ec2, describe)(**{id_key: [ids[name]]})[key][0].get("Tags", [])
                missing = {k: v for k, v in wanted.items() if {"Key": k, "Value": v} not in shown}
                if missing:
                    self.ec2.create_tags(Resources=[ids[name]],
                                         Tags=[{"Key": k, "Value": v} for k, v in missing.items()])
                    self.fix(f"{name}: tags {sorted(missing)} added (ignored by CloudFormation)")

        associations = {}
        for name, props in by_type.get("AWS::EC2::SubnetRouteTableAssociation", []):
            table = ids[referenced(props["RouteTableId"])]
            associations.setdefault(table, []).append(referenced(props["SubnetId"]))
        for table, subnets in associations.items():
            shown = {a.get("SubnetId") for a in
                     self.ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Associations"]}
            for subnet in subnets:
                if ids[subnet] not in shown:
                    self.ec2.associate_route_table(RouteTableId=table, SubnetId=ids[subnet])
                    self.fix(f"{subnet}: associated with route table {table} (association not shown by moto)")

        for name, props in by_type.get("AWS::EC2::Instance", []):
            wanted = sorted(ids[referenced(g)] for g in props.get("SecurityGroupIds", []))
            if not wanted:
                continue
            reservation = self.ec2.describe_instances(InstanceIds=[ids[name]])["Reservations"][0]
            instance = reservation["Instances"][0]
            on_instance = sorted(g["GroupId"] for g in instance.get("SecurityGroups", []))
            primary = [n for n in instance.get("NetworkInterfaces", [])
                       if n.get("Attachment", {}).get("DeviceIndex", 0) == 0]
            on_interface = sorted(g["GroupId"] for g in primary[0]["Groups"]) if primary else wanted
            if on_instance == wanted and on_interface == wanted:
                continue
            # The interface first: moto's ModifyInstanceAttribute adds the groups to the interface's default
            # group instead of replacing it; ModifyNetworkInterfaceAttribute replaces.
            if primary and on_interface != wanted:
                self.ec2.modify_network_interface_attribute(
                    NetworkInterfaceId=primary[0]["NetworkInterfaceId"], Groups=wanted)
            self.ec2.modify_instance_attribute(InstanceId=ids[name], Groups=wanted)
            self.fix(f"{name}: security groups set to {wanted} (SecurityGroupIds ignored by CloudFormation)")

    def run(self):
        started = time.monotonic()
        created = self.ensure_stack()
        self.correct()
        took = time.monotonic() - started
        if created:
            print(f"reference network: stack {self.args.stack_name} created, {self.fixes} corrections, {took:.1f} s")
        elif self.fixes:
            print(f"reference network: stack {self.args.stack_name} was there; {self.fixes} corrections")
        else:
            print(f"reference network: stack {self.args.stack_name} already seeded; nothing changed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--endpoint", required=True, help="AWS endpoint, e.g. http://127.0.0.1:4566")
    parser.add_argument("--region", default="us-east-1", help="the template pins us-east-1's zones")
    parser.add_argument("--template", required=True)
    parser.add_argument("--stack-name", default="etherwatch-reference-vpc")
    parser.add_argument("--image-id", default="ami-1e749f67",
                        help="an AMI moto knows (Ubuntu 14.04 of 2017, the era of the 2016 project)")
    parser.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE",
                        help="another template parameter (repeatable)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for CREATE_COMPLETE")
    parser.add_argument("--access-key", default="test")
    parser.add_argument("--secret-key", default="test")
    Seeder(parser.parse_args()).run()


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as e:  # one line for the console, not a traceback
        print(f"reference network: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
