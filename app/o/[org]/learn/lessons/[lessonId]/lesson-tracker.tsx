"use client";
// Records the first open of a lesson (lesson_started) and, while the page is
// visible, the time spent reading it (session_heartbeat once a minute).
import { useEffect } from "react";
import { lessonHeartbeatAction, startLessonAction } from "../../actions";

const HEARTBEAT_SECONDS = 60;

export function LessonTracker({ slug, lessonId }: { slug: string; lessonId: string }) {
  useEffect(() => {
    void startLessonAction(slug, { lessonId });
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void lessonHeartbeatAction(slug, { lessonId, seconds: HEARTBEAT_SECONDS });
    }, HEARTBEAT_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [slug, lessonId]);
  return null;
}
