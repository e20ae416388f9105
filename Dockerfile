# Two images from one file: the app (default, last stage) and the stub backend (--target stub).
#
#   docker build -t streamlit-jwt-auth/app .
#   docker build --target stub -t streamlit-jwt-auth/stub .
#
# Dependencies come from uv.lock, exported with hashes to docker/requirements-*.txt
# (python docker/requirements.py), and are installed before the source is copied, so a code
# change rebuilds only the last layers. No secret is baked in: JWT_SECRET and APP_SECRET_KEY
# come from the environment, or each process generates one into its /data volume.
#
# Offline machines (no image registry, pip cannot verify TLS in the build) build a base image
# with debootstrap and pass BASE_IMAGE=<it> WHEELS=yes, with the wheels downloaded on the host
# into docker/wheels/; `python docker/build.py` does all of that.

ARG BASE_IMAGE=python:3.11-slim

FROM ${BASE_IMAGE} AS base
ENV LANG=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/app app \
    && install -d -o app -g app -m 0700 /data
WORKDIR /srv

# One builder for both images: a venv filled from hash-pinned requirements, pip itself removed.
FROM base AS venv-builder
# yes: install only from docker/wheels (built on the host); anything else: from the index.
ARG WHEELS=no
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python3 -m venv /opt/venv

FROM venv-builder AS stub-deps
ARG WHEELS
# The wheel[s] glob keeps this COPY valid when docker/wheels does not exist (the normal path).
COPY docker/requirements-stub.txt docker/wheel[s] /tmp/deps/
RUN if [ "$WHEELS" = yes ]; then set -- --no-index --find-links /tmp/deps; fi \
    && pip install --no-deps --require-hashes "$@" -r /tmp/deps/requirements-stub.txt \
    && pip uninstall --yes --quiet pip setuptools

FROM venv-builder AS app-deps
ARG WHEELS
COPY docker/requirements-app.txt docker/wheel[s] /tmp/deps/
RUN if [ "$WHEELS" = yes ]; then set -- --no-index --find-links /tmp/deps; fi \
    && pip install --no-deps --require-hashes "$@" -r /tmp/deps/requirements-app.txt \
    && pip uninstall --yes --quiet pip setuptools
# What `import streamlit` never opens, ~85 MB: Arrow Flight and S3 (loaded only by
# pyarrow.flight and pyarrow.fs's S3FileSystem), headers, Cython sources and link-time copies
# for building against pyarrow, pydeck's Jupyter bundle, and test suites. The import check
# after it fails the build if a new version of any of them starts needing what was removed.
RUN cd /opt/venv/lib/python3.11/site-packages \
    && rm -rf pyarrow/libarrow_flight.so* pyarrow/libarrow_python_flight.so* pyarrow/_flight.* \
        pyarrow/libarrow_s3.so* pyarrow/_s3fs.* pyarrow/_pyarrow_cpp_tests.* \
        pyarrow/include pyarrow/src pyarrow/includes pyarrow/*.pyx pyarrow/*.pxd pyarrow/*.pxi \
        pyarrow/libarrow_python*.so pyarrow/libarrow_python*.so.*.*.* \
        pydeck/nbextension/static \
    && find . -depth -type d -name tests \( -path './pandas/*' -o -path './numpy/*' \
        -o -path './pyarrow/*' \) -exec rm -rf {} + \
    && python3 -c "import pandas, pyarrow, pyarrow.fs, pyarrow.parquet, pydeck, streamlit; \
pyarrow.Table.from_pandas(pandas.DataFrame({'a': [1]}))"

FROM base AS stub
COPY --from=stub-deps /opt/venv /opt/venv
COPY secret_policy/ /srv/secret_policy/
COPY stub_backend/ /srv/stub_backend/
RUN python3 -m compileall -q /srv/stub_backend
ENV STUB_HOST=0.0.0.0 \
    STUB_PORT=8000 \
    STUB_DB_PATH=/data/stub.sqlite3
USER app
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('STUB_PORT', '8000') + '/healthz', timeout=2)"]
CMD ["python3", "-m", "stub_backend"]

FROM base AS app
COPY --from=app-deps /opt/venv /opt/venv
COPY secret_policy/ /srv/secret_policy/
COPY app/ /srv/app/
RUN python3 -m compileall -q /srv/app
# API_BASE_URL has no useful default inside a container: a deployment sets it.
ENV APP_HOST=0.0.0.0 \
    APP_PORT=8501 \
    APP_DATA_DIR=/data
USER app
VOLUME /data
EXPOSE 8501
# Under a path prefix (STREAMLIT_SERVER_BASE_URL_PATH) the health check is under it too.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; p = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('APP_PORT', '8501') + ('/' + p if p else '') + '/_stcore/health', timeout=2)"]
CMD ["python3", "-m", "app"]
