// The VPC's subnets and security groups, as the instances show them (inventory-service serves instances, whose
// subnetId, vpcId and securityGroups name them).
import { api } from '../api.js';
import { Link, path } from '../router.jsx';
import { ErrorBox, TableScroll, useLoad, useTitle } from '../ui.jsx';

function InstanceLinks({ list }) {
  return (
    <ul class="inline-list">
      {list.map((i) => (
        <li key={i.instanceId}>
          <Link href={path('instances', i.instanceId)}>{i.name || i.instanceId}</Link>
        </li>
      ))}
    </ul>
  );
}

export function Network() {
  useTitle('Subnets and security groups');
  const { data, error } = useLoad((signal) => api('/api/ec2', { signal }), [], 30_000);
  const byVpc = new Map();
  for (const i of data ? data.instances : []) {
    const vpc = i.vpcId || '(no VPC)';
    if (!byVpc.has(vpc)) byVpc.set(vpc, { subnets: new Map(), groups: new Map() });
    const v = byVpc.get(vpc);
    if (i.subnetId) {
      if (!v.subnets.has(i.subnetId)) v.subnets.set(i.subnetId, { zone: i.availabilityZone, instances: [] });
      v.subnets.get(i.subnetId).instances.push(i);
    }
    for (const g of i.securityGroups || []) {
      if (!v.groups.has(g.groupId)) v.groups.set(g.groupId, { name: g.groupName, instances: [] });
      v.groups.get(g.groupId).instances.push(i);
    }
  }
  return (
    <>
      <h1 tabIndex={-1}>Subnets and security groups</h1>
      <p class="muted">The subnets and security groups the instances use, by VPC.</p>
      <ErrorBox error={error}>Could not load the instances.</ErrorBox>
      {[...byVpc.entries()].map(([vpc, v]) => (
        <section key={vpc} aria-labelledby={`vpc-${vpc}`}>
          <h2 id={`vpc-${vpc}`} class="mono">
            {vpc}
          </h2>
          <TableScroll label={`Subnets of ${vpc}`}>
            <table>
              <caption>Subnets</caption>
              <thead>
                <tr>
                  <th scope="col">Subnet ID</th>
                  <th scope="col">Zone</th>
                  <th scope="col">Instances</th>
                </tr>
              </thead>
              <tbody>
                {[...v.subnets.entries()].sort().map(([id, s]) => (
                  <tr key={id} id={id}>
                    <th scope="row" class="mono">
                      {id}
                    </th>
                    <td>{s.zone}</td>
                    <td>
                      <InstanceLinks list={s.instances} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <TableScroll label={`Security groups of ${vpc}`}>
            <table>
              <caption>Security groups</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Group ID</th>
                  <th scope="col">Instances</th>
                </tr>
              </thead>
              <tbody>
                {[...v.groups.entries()]
                  .sort((a, b) => a[1].name.localeCompare(b[1].name))
                  .map(([id, g]) => (
                    <tr key={id} id={id}>
                      <th scope="row">{g.name}</th>
                      <td class="mono">{id}</td>
                      <td>
                        <InstanceLinks list={g.instances} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}
    </>
  );
}
