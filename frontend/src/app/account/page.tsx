import type { Metadata } from "next";
import { SignInForm, SignOutButton, SignUpForm } from "@/components/account/AccountForms";
import { AddressBook } from "@/components/account/AddressBook";
import { PasswordResetRequest } from "@/components/account/PasswordReset";
import { QueryProvider } from "@/components/QueryProvider";
import { formatMoney } from "@/lib/money";
import { loadAccount } from "@/lib/session";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

export default async function AccountPage() {
  const account = await loadAccount();
  if (!account) {
    return (
      <>
        <h1>Your account</h1>
        <div style={{ display: "grid", gap: "2rem", gridTemplateColumns: "repeat(auto-fit, minmax(280px, 1fr))", maxWidth: 900 }}>
          <div>
            <SignInForm />
            <QueryProvider>
              <PasswordResetRequest />
            </QueryProvider>
          </div>
          <SignUpForm />
        </div>
      </>
    );
  }
  const { me, orders, addresses } = account;
  return (
    <>
      <h1>Hello{me.first_name ? `, ${me.first_name}` : ""}</h1>
      <p>
        Signed in as <strong data-testid="account-email">{me.email}</strong>. <SignOutButton />
      </p>
      <h2>Your orders</h2>
      {orders.results.length === 0 ? (
        <p>You have not ordered anything yet.</p>
      ) : (
        <table className="orders">
          <caption className="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.results.map((order) => (
              <tr key={order.number}>
                <td>{order.number}</td>
                <td>{new Date(order.created_at).toLocaleDateString("en-US", { dateStyle: "medium", timeZone: "UTC" })}</td>
                <td>{order.status}</td>
                <td>{formatMoney(order.total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {addresses && <AddressBook addresses={addresses.results} />}
    </>
  );
}
