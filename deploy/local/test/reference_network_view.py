#!/usr/bin/env python3
"""Prints the reference network as the EC2 API shows it, one fact a line, sorted, ids replaced by names.

For the bats tests of the seeding (etherwatch.bats): what a user of inventory-service would see of the VPC
10.0.0.0/16, its subnets and their route tables, the security groups' ingress rules and each named instance's
subnet, address and groups (on the instance and on its primary network interface). Argument: the AWS endpoint.
"""
import ipaddress
import sys

import boto3


def name_of(resource, fallback):
    return next((t["Value"] for t in resource.get("Tags", []) if t["Key"] == "Name"), fallback)


def main(endpoint):
    ec2 = boto3.client("ec2", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"]
    lines = [f"vpcs 10.0.0.0/16 {len(vpcs)}"]
    vpc = vpcs[0]["VpcId"]
    only_vpc = [{"Name": "vpc-id", "Values": [vpc]}]

    tables = ec2.describe_route_tables(Filters=only_vpc)["RouteTables"]
    table_of = {a["SubnetId"]: name_of(t, "main") for t in tables for a in t["Associations"] if a.get("SubnetId")}
    for t in tables:
        for r in t["Routes"]:
            target = "igw" if r.get("GatewayId", "").startswith("igw-") else r.get("GatewayId")
            lines.append(f"route {name_of(t, 'main')} {r['DestinationCidrBlock']} {target}")
    igws = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])
    lines.append(f"internet-gateways attached {len(igws['InternetGateways'])}")

    subnets = {s["SubnetId"]: s for s in ec2.describe_subnets(Filters=only_vpc)["Subnets"]}
    for s in subnets.values():
        lines.append(f"subnet {name_of(s, '?')} {s['CidrBlock']} {s['AvailabilityZone']} "
                     f"public-ip-on-launch {s['MapPublicIpOnLaunch']} route-table {table_of.get(s['SubnetId'], 'none')}")

    groups = {g["GroupId"]: g for g in ec2.describe_security_groups(Filters=only_vpc)["SecurityGroups"]}
    for g in groups.values():
        for p in g["IpPermissions"]:
            ports = "all" if p["IpProtocol"] == "icmp" else f"{p.get('FromPort')}-{p.get('ToPort')}"
            sources = [r["CidrIp"] for r in p["IpRanges"]]
            sources += ["sg:" + groups[u["GroupId"]]["GroupName"] for u in p["UserIdGroupPairs"]]
            for source in sources:
                lines.append(f"ingress {g['GroupName']} {p['IpProtocol']} {ports} from {source}")

    for reservation in ec2.describe_instances(Filters=only_vpc)["Reservations"]:
        for i in reservation["Instances"]:
            subnet = subnets[i["SubnetId"]]
            inside = ipaddress.ip_address(i["PrivateIpAddress"]) in ipaddress.ip_network(subnet["CidrBlock"])
            on_instance = ",".join(sorted(g["GroupName"] for g in i["SecurityGroups"]))
            on_interface = ",".join(sorted(g["GroupName"] for n in i["NetworkInterfaces"] for g in n["Groups"]))
            lines.append(f"instance {name_of(i, '?')} {i['State']['Name']} {i['InstanceType']} "
                         f"subnet {name_of(subnet, '?')} ip-in-subnet {inside} "
                         f"groups {on_instance or '-'} interface-groups {on_interface or '-'}")
    print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main(sys.argv[1])
