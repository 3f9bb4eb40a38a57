/** Line icons for the guarantee snippets' `icon` names (decorative; the title says it in words). */
const PATHS: Record<string, string> = {
  truck: "M3 6h11v9H3zM14 9h4l3 3v3h-7zM7 18a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM17 18a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z",
  return: "M9 7H4V2M4 7a8 8 0 1 1-1 6",
  lock: "M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3",
  support: "M4 5h16v11H9l-5 4z",
};
const CHECK = "M5 12l4 4 10-10";

export function GuaranteeIcon({ name, className }: { name: string; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      <path d={PATHS[name] ?? CHECK} />
    </svg>
  );
}
