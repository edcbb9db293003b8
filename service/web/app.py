"""The web application: one FastAPI app over the job context (the back)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from runtime.context import JobContext
from service.web import (
    admin_routes,
    api_batches,
    api_document,
    api_document_reuse,
    api_document_tag,
    api_documents,
    api_fees,
    api_outputs_zip,
    api_routes,
    api_search,
    api_uploads,
    auditor_routes,
    clerk_batches,
    clerk_routes,
    clerk_upload,
    document_bulk,
    document_images,
    document_list,
    document_page,
    document_retag,
    document_reuse,
    document_zip,
    login_routes,
    metrics_routes,
    officer_routes,
    public_routes,
    search_page,
)
from service.web.body_limit import BodyLimitMiddleware
from service.web.context import WebContext
from service.web.headers import security_headers
from service.web.pages import make_templates
from service.web.problems import install_problem_handlers
from service.web.rate_limit import RateLimiter

STATIC = Path(__file__).with_name("static")


def create_app(back: JobContext) -> FastAPI:
    app = FastAPI(
        title="Sohoa API",
        summary="Số hóa hồ sơ một cửa: trạng thái số hóa, văn bản đã ký, biên lai.",
        version="1",
        docs_url=None,  # the interactive page needs scripts from a CDN; the schema is served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.sohoa = WebContext(
        back=back,
        templates=make_templates(),
        public_checks=RateLimiter(back.settings.web.public_checks_per_minute),
    )
    app.add_middleware(BodyLimitMiddleware, settings=back.settings)  # inside the headers
    app.middleware("http")(security_headers)
    install_problem_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        login_routes,
        metrics_routes,
        clerk_routes,
        officer_routes,
        auditor_routes,
        admin_routes,
        public_routes,
        document_images,
        search_page,
        api_routes,
        document_list,
        document_bulk,
        document_zip,
        api_documents,
        api_search,
        clerk_upload,
        clerk_batches,
        api_uploads,
        document_page,
        document_retag,
        document_reuse,
        api_document,
        api_batches,
        api_document_tag,
        api_document_reuse,
        api_outputs_zip,
        api_fees,
    ):
        app.include_router(module.router)
    return app
