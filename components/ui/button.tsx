import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps } from "react";

const base =
  "inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed";

const variants = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-slate-400",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-500",
  danger: "border border-danger-200 bg-white text-danger-700 hover:bg-danger-50 disabled:text-slate-500",
  ghost: "text-slate-700 hover:bg-slate-100",
};

export type ButtonVariant = keyof typeof variants;

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button className={`${base} ${variants[variant]} ${className}`} {...props} />;
}

/** A link that looks like a button (navigation, not an action). */
export function ButtonLink({ variant = "primary", className = "", ...props }: ComponentProps<typeof Link> & { variant?: ButtonVariant }) {
  return <Link className={`${base} ${variants[variant]} ${className}`} {...props} />;
}

/** A plain text link in the brand colour. */
export function TextLink({ className = "", ...props }: ComponentProps<typeof Link>) {
  return <Link className={`font-medium text-brand-700 hover:underline ${className}`} {...props} />;
}
