// A missing (or hidden) course, cohort, lesson… inside an organization: shown
// within its navigation, so the way back is at hand. An organization the
// caller is not in fails in the layout and gets the root page instead.
export default function OrganizationNotFound() {
  return (
    <div className="max-w-md py-16">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600">It does not exist, or your account cannot see it. Use the navigation to go on.</p>
    </div>
  );
}
